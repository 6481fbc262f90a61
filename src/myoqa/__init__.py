"""myoqa: French extractive question answering over documents on inflammatory myopathies."""

__version__ = "0.1.0"
