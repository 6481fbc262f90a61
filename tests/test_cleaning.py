"""Cleaning: each rule with a before/after example from the seed texts, then the real corpus."""

from __future__ import annotations

import re
import time
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from myoqa.cleaning import clean_document
from myoqa.models import CleanDocument, Document, Page, SourceMeta

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
AFM_2022 = "afm-avancees-myopathies-inflammatoires-2022.txt"
ANTI_MI2 = "breves-anti-mi2-dermatomyosite-2019.txt"
TOFACITINIB = "breves-tofacitinib-calcinose-dermatomyosite-2019.md"
FORUM = "forum-therapies-ciblees-myosites-2025.txt"
IMAM = "imam-synthese-recherche-2022-2025.md"
SEEDS = [AFM_2022, ANTI_MI2, TOFACITINIB, FORUM, IMAM]
META = SourceMeta(title="test")
PLACEBO = (
    "Le placebo est un produit dont la présentation est identique à celle d'un médicament, "
    "mais qui ne contient pas de principe actif."
)


def clean(text: str, kind: str = "txt") -> CleanDocument:
    return clean_document(Document("doc", f"doc.{kind}", kind, (Page(None, text),), META, "0"))


def paragraphs(text: str, kind: str = "txt") -> list[str]:
    return clean(text, kind).text.split("\n\n")


def headings(doc: CleanDocument) -> list[str]:
    return [heading.title for heading in doc.headings]


@cache
def seed(name: str) -> CleanDocument:
    path = CORPUS / name
    kind = path.suffix.lstrip(".")
    pages = (Page(None, path.read_text(encoding="utf-8")),)
    return clean_document(Document(path.stem, name, kind, pages, META, "0"))


# Rule 1: trial identifiers printed vertically


def test_a_vertical_trial_identifier_becomes_one_searchable_paragraph():
    before = (
        "Essai de phase I du phénylbutyrate de sodium \n\n"
        "N\nCT\n\n04\n42\n\n16\n77\n\n \n\nAoût 2020 – Janv. 2022 \nAux États-Unis \n"
    )
    assert "NCT04421677" in paragraphs(before)


def test_a_vertical_identifier_may_start_at_the_end_of_a_line_or_after_a_blank():
    assert paragraphs("Sept. 2021 – Avril 2024 N\nCT\n\n05\n03\n\n21\n31\n") == [
        "Sept. 2021 – Avril 2024",
        "NCT05032131",
    ]
    before = "Essai de phase II/III du ravulizumab \nN\n\nCT\n04\n\n99\n90\n\n20\n"
    assert "NCT04999020" in paragraphs(before)


# Rule 2: runs of URLs become links


def test_a_run_of_urls_leaves_the_prose_and_is_kept_once_as_links():
    before = (
        "Kaulen LD et al. Eur J Neurol. 2022 Feb. \n \n  \n\n"
        "https://onlinelibrary.wiley.com/doi/10.1111/ene.15147\n"
        "https://onlinelibrary.wiley.com/doi/10.1111/ene.15147\n"
        "https://onlinelibrary.wiley.com/doi/10.1111/ene.15147\n"
        " Dans la myosite à inclusions \n"
    )
    doc = clean(before)
    assert doc.text == "Kaulen LD et al. Eur J Neurol. 2022 Feb.\n\nDans la myosite à inclusions"
    assert [(link.start, link.url) for link in doc.links] == [
        (
            len("Kaulen LD et al. Eur J Neurol. 2022 Feb."),
            "https://onlinelibrary.wiley.com/doi/10.1111/ene.15147",
        )
    ]


def test_web_labels_and_file_urls_are_links_too():
    before = (
        "myopathies inflammatoires : \n WEB www.afm-telethon.fr \n\n"
        "file://FILER-PROFILS/Users$/feedi/W_Enc/_Mep_Avanc%C3%A9es/MINFL/www.afm-telethon.fr\n"
        " WEB  https://publichealth.yale.edu/ibmregistry/ \n"
    )
    doc = clean(before)
    assert doc.text == "myopathies inflammatoires :"
    assert [link.url for link in doc.links] == [
        "www.afm-telethon.fr",
        "file://FILER-PROFILS/Users$/feedi/W_Enc/_Mep_Avanc%C3%A9es/MINFL/www.afm-telethon.fr",
        "https://publichealth.yale.edu/ibmregistry/",
    ]


def test_a_url_inside_a_sentence_is_anchored_where_it_stood():
    doc = clean("Lien vers l’article : https://shorturl.at/oopPp\n")
    assert doc.text == "Lien vers l’article :"
    assert doc.links[0].url == "https://shorturl.at/oopPp"
    assert doc.links[0].start == len(doc.text)


def test_the_period_after_a_url_belongs_to_the_sentence():
    before = (
        "qui peut vous aider à améliorer votre quotidien. "
        "https://www.afm-telethon.fr/fr/vivre-avec-la-maladie/lafm-telethon-maccompagne.\n"
    )
    doc = clean(before)
    assert doc.text == "qui peut vous aider à améliorer votre quotidien."
    assert doc.links[0].url.endswith("/lafm-telethon-maccompagne")


# Rule 3: page footers and running headers

PAGES_17_TO_19 = (
    "Phase I \nTolérance \n\n"
    "https://clinicaltrials.gov/ct2/show/NCT04659031\n\n\n"
    "Avancées dans les myopathies inflammatoires \n\n  17 ǀ AFMTéléthon ǀ Juin 2022 \n\n \n\n"
    "Savoir & Comprendre \n\n \n\n"
    "Le phénylbutyrate  \n"
    "Désigné médicament orphelin en Europe et aux États-Unis, le \n\n"
    "phénylbutyrate de sodium est indiqué dans des déficits d’enzymes à l’origine \n"
    "d’un désordre du cycle de l’urée. \n\n"
    "Avancées dans les myopathies inflammatoires \n\n18 ǀ AFMTéléthon ǀ Juin 2022 \n\n \n\n"
    "Savoir & Comprendre \n\n"
    "Une base de données dédiée \n"
    "En collaboration avec la Myositis association et la Muscular dystrophy \n"
    "association, l’université de Yale (États-Unis) développe une base de données \n"
    "consacrée à la myosite à inclusions. \n\n"
    "Avancées dans les myopathies inflammatoires \n\n  19 ǀ AFMTéléthon ǀ Juin 2022 \n"
)


def test_footers_and_the_running_header_above_them_are_dropped():
    text = clean(PAGES_17_TO_19).text
    assert "AFMTéléthon" not in text
    assert "Juin 2022" not in text
    assert "Avancées dans les myopathies inflammatoires" not in text


def test_the_text_between_footers_n_minus_1_and_n_is_page_n():
    doc = clean(PAGES_17_TO_19)
    pages = {span.number: doc.text[span.start : span.end] for span in doc.pages}
    assert sorted(pages) == [18, 19]  # what precedes footer 17 has no known start
    assert pages[18].startswith("Savoir & Comprendre\n\nLe phénylbutyrate")
    assert pages[18].endswith("d’un désordre du cycle de l’urée.")
    assert pages[19].startswith("Savoir & Comprendre\n\nUne base de données dédiée")


def test_the_footer_pattern_is_not_tied_to_one_publisher():
    before = (
        "Une phrase du corps.\n\n12 | Institut de Myologie | Mars 2021\n\n3 │ Orphanet │ 2020\n"
    )
    assert paragraphs(before) == ["Une phrase du corps."]


def test_the_document_title_is_not_a_running_header():
    before = "Avancées dans les myopathies inflammatoires\n\nUne phrase.\n\n18 ǀ AFM ǀ Juin 2022\n"
    assert paragraphs(before)[0] == "Avancées dans les myopathies inflammatoires"


# Rule 4: lines cut at a fixed width


def test_lines_cut_at_a_fixed_width_are_rejoined_into_sentences():
    before = (
        "Selon une étude menée aux États-Unis, produire des auto-anticorps anti-Mi2 augmente le \n"
        "risque d’atteinte musculaire mais réduit celui d’atteinte des poumons.  \n"
        " \n"
        "La majorité des personnes atteintes de dermatomyosite produit des auto-anticorps, "
        "dirigés contre un \n"
        "constituant de l’organisme (muscle, peau...). \n"
    )
    assert paragraphs(before) == [
        "Selon une étude menée aux États-Unis, produire des auto-anticorps anti-Mi2 augmente le "
        "risque d’atteinte musculaire mais réduit celui d’atteinte des poumons.",
        "La majorité des personnes atteintes de dermatomyosite produit des auto-anticorps, dirigés "
        "contre un constituant de l’organisme (muscle, peau...).",
    ]


def test_a_blank_line_before_a_lowercase_continuation_does_not_end_the_paragraph():
    before = (
        "Les myopathies inflammatoires (ou myosites) sont des \n\n"
        "maladies du muscle liées à une inflammation. Ces \n\n"
        "maladies dites « auto-immunes » ne sont pas \n\nhéréditaires.  \n\n"
        "Elles se caractérisent par une faiblesse musculaire (de la \n\n"
    )
    assert paragraphs(before) == [
        "Les myopathies inflammatoires (ou myosites) sont des maladies du muscle liées à une "
        "inflammation. Ces maladies dites « auto-immunes » ne sont pas héréditaires.",
        "Elles se caractérisent par une faiblesse musculaire (de la",
    ]


def test_a_sentence_cut_by_a_box_of_short_lines_is_put_back_together():
    before = (
        "Octapharma a évalué ses IgIV chez 95 adultes dans le cadre de l’essai contrôlé \n"
        "randomisé contre placebo \n\n51 participants (18 à 75 ans) \n\nNCT03981744 \n\n"
        "Recrutement terminé \n\nhttps://clinicaltrials.gov/ct2/show/NCT03981744\n"
        " de phase III ProDERM, suivi d’une extension en ouvert. \n\n"
        "Les résultats de cet essai montrent une proportion plus importante de répondeurs. \n"
    )
    assert paragraphs(before) == [
        "Octapharma a évalué ses IgIV chez 95 adultes dans le cadre de l’essai contrôlé "
        "randomisé contre placebo de phase III ProDERM, suivi d’une extension en ouvert.",
        "51 participants (18 à 75 ans)",
        "NCT03981744",
        "Recrutement terminé",
        "Les résultats de cet essai montrent une proportion plus importante de répondeurs.",
    ]


def test_a_glossary_box_inside_a_sentence_follows_it_and_a_box_title_is_not_prose():
    before = (
        "Une équipe marseillaise préconise de prendre en compte le taux des auto-anticorps \n"
        "en cas de positivité à plusieurs d’entre eux. Dans son étude \n\n"
        "Le saviez-vous ? \n\nLes auto-anticorps sont des anticorps qui attaquent les "
        "propres constituants de l’organisme. \n\n"
        "monocentrique, 1% d’un groupe de 3 142 personnes étaient positives. \n\n"
        "Essai de phase II d’une dose booster de vaccin anti-Covid \n\nAoût 2021 – Août 2023 \n\n"
        "neurologique ou musculaire dans les six semaines qui ont suivi. \n"
    )
    found = paragraphs(before)
    assert found[0].endswith(
        "Dans son étude monocentrique, 1% d’un groupe de 3 142 personnes étaient positives."
    )
    assert found[1].startswith("Les auto-anticorps sont des anticorps")
    assert "Essai de phase II d’une dose booster de vaccin anti-Covid" in found


def test_a_box_between_two_sentences_stays_where_it_is():
    before = (
        "La myopathie nécrosante auto-immune a été décrite pour la première fois en 2003 \n\n"
        "Recrutement terminé \n\nPhase II \n\n"
        "Elle peut se développer en l’absence de traitement par statines, et chez les enfants. \n"
    )
    assert paragraphs(before)[1:3] == ["Recrutement terminé", "Phase II"]


def test_a_short_title_line_is_not_glued_to_the_body_below_it():
    before = (
        " \n"
        "Le profil clinique s’affine  \n"
        "Une étude a cherché à mieux définir les caractéristiques associées aux "
        "auto-anticorps anti-Mi2, qui \n"
        "sont également spécifiques de la dermatomyosite. \n"
    )
    assert paragraphs(before)[0] == "Le profil clinique s’affine"


def test_bullets_start_paragraphs_and_lose_their_marker():
    before = (
        "Les résultats de cette étude montrent chez les patients anti-Mi2 positifs : \n"
        "- une nécrose prédominante à la biopsie musculaire et des taux de créatine kinase (CK) "
        "plus élevés ; \n"
        "- une corrélation faible, mais significative, entre le titre d’autoanticorps anti-Mi2, "
        "le taux de CK et la \n"
        "force musculaire ; \n"
        "▪ Dans la polymyosite (PM), des cellules immunitaires, les lymphocytes T \n"
        "• Les auto-anticorps spécifiques des myosites sont retrouvés uniquement \n\n"
        "chez les personnes atteintes d’une myosite. \n"
        "> dermatomyosite (DM) \n"
    )
    assert paragraphs(before) == [
        "Les résultats de cette étude montrent chez les patients anti-Mi2 positifs :",
        "une nécrose prédominante à la biopsie musculaire et des taux de créatine kinase (CK) plus "
        "élevés ;",
        "une corrélation faible, mais significative, entre le titre d’autoanticorps anti-Mi2, le "
        "taux de CK et la force musculaire ;",
        "Dans la polymyosite (PM), des cellules immunitaires, les lymphocytes T",
        "Les auto-anticorps spécifiques des myosites sont retrouvés uniquement chez les personnes "
        "atteintes d’une myosite.",
        "dermatomyosite (DM)",
    ]


def test_a_bullet_item_keeps_its_next_sentences_but_not_its_source_or_the_text_under_it():
    before = (
        "▪ Corbus Pharmaceuticals mène l’essai DETERMINE, international randomisé \n"
        "en double aveugle contre placebo, pour évaluer deux doses de lénabasum \n"
        "dans la dermatomyosite active en dépit d’un autre traitement.  \n"
        "Selon des résultats préliminaires communiqués en juin 2021, le candidat-\n"
        "médicament n’aurait pas atteint son critère principal d’évaluation. \n"
        "Corbus Pharmaceuticals. Press release 2021 June. \n"
        "▪ Phase III : Efficacité thérapeutique \n"
        "La phase III se déroule sur un plus grand nombre de participants. \n"
    )
    assert paragraphs(before) == [
        "Corbus Pharmaceuticals mène l’essai DETERMINE, international randomisé en double "
        "aveugle contre placebo, pour évaluer deux doses de lénabasum dans la dermatomyosite "
        "active en dépit d’un autre traitement. Selon des résultats préliminaires communiqués "
        "en juin 2021, le candidat-médicament n’aurait pas atteint son critère principal "
        "d’évaluation.",
        "Corbus Pharmaceuticals. Press release 2021 June.",
        "Phase III : Efficacité thérapeutique",
        "La phase III se déroule sur un plus grand nombre de participants.",
    ]


# Rule 5: words cut at line ends


def test_a_plus_sign_opening_a_line_of_text_is_kept_but_is_a_bullet_in_markdown():
    before = "1 251 publications scientifiques \n+67% en 10 ans \n\n+ de 80 essais cliniques \n"
    assert paragraphs(before) == [
        "1 251 publications scientifiques +67% en 10 ans",
        "+ de 80 essais cliniques",
    ]
    assert paragraphs("Des essais :\n\n+ au Japon\n+ en France\n", "md")[1] == "au Japon"


def test_a_real_hyphen_cut_at_a_line_end_is_kept():
    before = (
        "Cette étude retrouve également une corrélation entre la force musculaire et le taux "
        "sanguin des auto-\n"
        "anticorps anti-Mi2. Il est téléchargeable sur le site internet de l'AFM-\n\n"
        "Téléthon où se trouvent également d’autres informations. \n"
    )
    text = clean(before).text
    assert "le taux sanguin des auto-anticorps anti-Mi2." in text
    assert "le site internet de l'AFM-Téléthon où se trouvent" in text


def test_the_hyphen_stays_when_the_document_writes_both_forms():
    before = (
        "58 patients atteints de dermatomyosite avec autoanticorps anti-Mi2. \n\n"
        "La présence de ces auto-anticorps s’associe aussi à un risque plus faible. \n\n"
        "Par exemple, les auto-\nanticorps anti-NXP2 sont associés à un plus grand risque. \n"
    )
    assert "les auto-anticorps anti-NXP2" in clean(before).text


def test_an_artefact_hyphen_is_joined_when_only_the_joined_word_is_written():
    before = (
        "Le système immunitaire dépasse son rôle de défense. \n\n"
        "des cellules de l’organisme par le système immu-\nnitaire, comme le muscle. \n"
    )
    text = clean(before).text
    assert "par le système immunitaire, comme le muscle." in text
    assert "immu-" not in text


# Rule 6: repeated boxes and labels


PLACEBO_BOX = (
    "Le placebo est un produit dont la \nprésentation est identique à celle \n\n"
    "d'un médicament, mais qui ne \ncontient pas de principe actif. \n\n"
)


def test_a_box_repeated_on_several_pages_is_kept_once():
    before = PLACEBO_BOX + "Phase III \nEfficacité \n\n" + PLACEBO_BOX.replace(" \n\n", " \n")
    assert clean(before).text.count(PLACEBO) == 1


def test_short_paragraphs_may_repeat():
    before = "Recrutement en cours \n\nEn France \n\nRecrutement en cours \n"
    assert paragraphs(before) == ["Recrutement en cours", "En France", "Recrutement en cours"]


def test_layout_debris_alone_on_its_line_is_dropped():
    before = (
        "Le baricitinib est indiqué dans la polyarthrite rhumatoïde. \n\ns \n\n"
        "Essai Exo-KGO1 \n\nN \n\nCT \n\n19 46 \n\n* \n\nRecrutement en cours \n"
    )
    assert paragraphs(before) == [
        "Le baricitinib est indiqué dans la polyarthrite rhumatoïde.",
        "Essai Exo-KGO1",
        "Recrutement en cours",
    ]


def test_the_did_you_know_label_is_dropped():
    before = (
        " Le saviez- \nvous ? \n Les principaux traitements en 2022 \n"
        "Exception faite de la myosite à inclusions, le traitement actuel des \n"
        "myopathies inflammatoires repose sur différents médicaments. \n\n"
        "Le saviez-vous ?\n"
    )
    assert "saviez" not in clean(before).text
    assert paragraphs(before)[0] == "Les principaux traitements en 2022"


# Rule 7: Markdown


def test_markdown_headings_become_heading_paragraphs_with_their_level():
    before = (
        "# Myopathie inflammatoire avec macrophages abondants\n\n"
        "## Définition et contexte\n\n"
        "#### Essais cliniques\n"
    )
    doc = clean(before, "md")
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "Myopathie inflammatoire avec macrophages abondants"),
        (2, "Définition et contexte"),
        (4, "Essais cliniques"),
    ]


def test_bold_and_italic_markers_are_removed_even_when_broken():
    before = (
        "- **Aucun essai enregistré ou publié** dans ClinicalTrials.gov\n"
        "- La modulation de la fonction des macrophages** fait l'objet d'un intérêt\n\n"
        "JAK - *signal transducers and activators of transcription* (JAK-STAT).\n"
    )
    assert paragraphs(before, "md") == [
        "Aucun essai enregistré ou publié dans ClinicalTrials.gov",
        "La modulation de la fonction des macrophages fait l'objet d'un intérêt",
        "JAK - signal transducers and activators of transcription (JAK-STAT).",
    ]


def test_markdown_links_keep_their_text_and_become_links():
    before = (
        "de myofasciite macrophagique ([Orphanet](https://www.orpha.net/en/disease/detail/247718), "
        "[NORD](https://rarediseases.org/mondo-disease/inflammatory-myopathy-with-abundant-"
        "macrophages/)). après la vaccination COVID-19 "
        "([Kim et al., 2022] (https://pmc.ncbi.nlm.nih.gov/articles/PMC8938612/)).\n"
    )
    doc = clean(before, "md")
    assert doc.text == (
        "de myofasciite macrophagique (Orphanet, NORD). "
        "après la vaccination COVID-19 (Kim et al., 2022)."
    )
    anchors = {link.url.split("/")[2]: doc.text[: link.start] for link in doc.links}
    assert anchors["www.orpha.net"].endswith("(Orphanet")
    assert anchors["rarediseases.org"].endswith("NORD")
    assert anchors["pmc.ncbi.nlm.nih.gov"].endswith("Kim et al., 2022")


def test_in_page_links_keep_their_text_and_no_url():
    before = "La [dermatomyosite](#) est due à un dérèglement. [Projets \\(PHRC-N\\) en 2018](#)\n"
    doc = clean(before, "md")
    assert doc.text == "La dermatomyosite est due à un dérèglement. Projets (PHRC-N) en 2018"
    assert doc.links == ()


def test_autolink_lines_and_entities():
    before = (
        "Brève AFM\n\n<https://www.afm-telethon.fr/actualites/dermatomyosite-127207>\n\n"
        "- [Journal of Neuropathology &amp; Experimental Neurology] (https://academic.oup.com/jnen)\n"
    )
    doc = clean(before, "md")
    assert doc.text == "Brève AFM\n\nJournal of Neuropathology & Experimental Neurology"
    assert [link.url for link in doc.links] == [
        "https://www.afm-telethon.fr/actualites/dermatomyosite-127207",
        "https://academic.oup.com/jnen",
    ]


def test_a_text_file_written_in_markdown_is_read_as_markdown():
    assert clean("## Points forts\n\n- Le **principal** atout\n", "txt").text == (
        "Points forts\n\nLe principal atout"
    )


# Rule 8: HTML


def test_html_tags_scripts_and_entities_are_removed():
    before = (
        "<p>Le <b>tofacitinib</b> s&#39;est montré efficace<br>chez deux personnes.</p>"
        "<script>alert('x')</script><style>p { color: red }</style>\n"
    )
    assert paragraphs(before) == ["Le tofacitinib s'est montré efficace chez deux personnes."]


def test_escaped_script_tags_never_come_out_raw():
    text = clean("Texte &lt;script&gt;alert(1)&lt;/script&gt; fin. <script src=x\n").text
    assert "<script" not in text.lower()


# Rule 9: characters


def test_control_characters_spaces_and_line_endings_are_normalised():
    before = "Maladie\u00a0auto-immune,\x07 la dermatomyosite\r\nd\u0065\u0301bute\u202f:\r\n"
    assert paragraphs(before) == ["Maladie auto-immune, la dermatomyosite débute :"]
    assert unicodedata.is_normalized("NFC", clean(before).text)


def test_curly_apostrophes_are_kept():
    assert paragraphs("risque d’atteinte des poumons.\n") == ["risque d’atteinte des poumons."]


# Rule 10: headings in text extracted from PDFs


def test_section_titles_of_a_brief_are_headings():
    assert headings(seed(ANTI_MI2)) == [
        "Myopathies inflammatoires",
        "Brève AFM",
        "Dermatomyosite : les auto-anticorps anti-Mi2 mieux cernés",
        "Le profil clinique s’affine",
        "Une possible utilité pour le suivi",
        "Brève AIM",
        "Dermatomyosite avec anti-Mi2 : une maladie musculaire probablement plus sévère",
        "Une signification clinique et évolutive",
    ]


def test_a_page_label_stacked_on_a_title_is_a_heading():
    assert headings(clean(PAGES_17_TO_19)) == [
        "Savoir & Comprendre",
        "Le phénylbutyrate",
        "Savoir & Comprendre",
        "Une base de données dédiée",
    ]


def test_labels_printed_below_their_bullets_head_them():
    before = (
        "Exception faite de la myosite à inclusions, le traitement repose sur des médicaments. \n\n"
        "• Une thérapie ciblée est un traitement dirigé contre une cible particulière. \n\n"
        "Thérapies ciblées \n\n"
        "• Il s'agit d'anticorps prélevés chez des donneurs en bonne santé. \n\n"
        "Immunoglobulines polyvalentes \n\n"
        "• Ce traitement repose sur une machine qui filtre le sang. \n\n"
        "Plasmaphérèses (échanges \nplasmatiques) \n\n"
        "Une recherche très active \nLes connaissances progressent d'année en année.\n"
    )
    doc = clean(before)
    assert headings(doc)[:3] == [
        "Thérapies ciblées",
        "Immunoglobulines polyvalentes",
        "Plasmaphérèses (échanges plasmatiques)",
    ]
    assert "Immunoglobulines polyvalentes\n\nIl s'agit d'anticorps prélevés" in doc.text


def test_labels_above_short_bullet_fragments_stay_above():
    before = (
        "Un tableau des pistes de traitement en 2022 dans la dermatomyosite. \n\n"
        "Ravulizumab \n• Anti-C5 \n\n• Essai phase II/III en France \n\n"
        "Ustekinumab \n\n• Essai phase III au Japon \n\n"
        "Aprémilast \n\n• Essai phase II aux États-Unis \n\n"
        "Demander aux malades leur point de vue, une vraie bonne idée pour la recherche.\n"
    )
    text = clean(before).text
    assert text.index("Ustekinumab") < text.index("Essai phase III au Japon")
    assert text.index("Aprémilast") < text.index("Essai phase II aux États-Unis")


def test_sidebar_fragments_are_not_headings():
    before = (
        "biopsie musculaire et de quantifier le déclin de la fonction respiratoire. \n\n"
        "10 participants (18 ans et +) \n\n6 mois de suivi \n\n"
        "Essai de phase I du phénylbutyrate de sodium \n\n"
        "Août 2020 – Janv. 2022 \nAux États-Unis \n\n"
        "Recrutement terminé Phase I \nTolérance \n\n"
        "Les lysosomes sont de petits sacs \n(vésicules) à l'intérieur des \n"
        "cellules dont le rôle est de digérer \ndes éléments issus du \n"
        "fonctionnement cellulaire en \npetites molécules. \n"
    )
    doc = clean(before)
    assert doc.headings == ()
    assert "Les lysosomes sont de petits sacs (vésicules) à l'intérieur des cellules" in doc.text


def test_a_title_after_an_empty_stretch_of_the_layout_is_a_heading():
    # the box before it ends without a sentence; the empty lines show where the box ended
    before = (
        "Kezar Press release 2022 May \n \n \n \n \n \n"
        "Des résultats en demi-teinte pour le lénabasum \n"
        "Développé par le laboratoire Corbus Pharmaceuticals, le lénabasum a reçu le statut "
        "de médicament orphelin pour plusieurs maladies. \n"
    )
    assert headings(clean(before)) == ["Des résultats en demi-teinte pour le lénabasum"]
    # two blank lines are an ordinary paragraph break: a fragment there stays text
    assert headings(clean(before.replace(" \n \n \n \n", ""))) == []


def test_a_title_set_right_above_its_text_is_a_heading_not_the_start_of_a_sentence():
    # the title line is as long as the body lines, so line length alone cannot tell
    before = (
        "Drosos GC et al. Ann Rheum Dis. 2022 Feb. \n\n"
        "Des liens entre type d’auto-anticorps et expression de la maladie \n\n"
        "La myopathie nécrosante avec anticorps ou sans, c’est différent \n"
        "Une étude menée en Chine sur les dossiers de 127 personnes atteintes de \n"
        "myopathie nécrosante auto-immune retrouve des douleurs musculaires. \n"
    )
    doc = clean(before)
    assert headings(doc) == [
        "Des liens entre type d’auto-anticorps et expression de la maladie",
        "La myopathie nécrosante avec anticorps ou sans, c’est différent",
    ]
    assert "\nUne étude menée en Chine sur les dossiers" in doc.text
    # a line cut before a capitalised name carries on its sentence
    wrapped = "Un essai est mené par une équipe de \nLa Pitié-Salpêtrière sur dix personnes.\n"
    assert paragraphs(wrapped) == [" ".join(wrapped.split())]


def test_a_sentence_cut_by_a_stray_empty_line_is_not_a_title_over_its_end():
    before = (
        "Des référentiels de bonnes pratiques \n\n"
        "Un besoin évident de recommandations \n"
        "Hors des murs de l’hôpital, un médecin généraliste voit en consultation \n\n"
        "1 549 personnes par an en moyenne, un neurologue à peine moins et un \n"
        "kinésithérapeute un peu plus de 200. \n"
    )
    assert "Hors des murs de l’hôpital, un médecin généraliste voit en consultation" not in (
        headings(clean(before))
    )


def test_source_lines_are_not_headings():
    before = (
        "la thérapie cellulaire est à l’étude. \n\n"
        "Source : NCT04941079 \n"
        "Une équipe de l’hôpital universitaire de Chongqing s’apprête à lancer une étude "
        "observationnelle sur les effets d’un vaccin. \n"
    )
    assert headings(clean(before)) == []


# PDF documents: one Page per page


def test_pdf_pages_give_page_spans_and_paragraphs_do_not_cross_them():
    pages = (
        Page(3, "Des résultats publiés en 2022\n\nUn essai clinique randomisé contrôlé.\n"),
        Page(4, "Avancées\n\n4 | AFM-Téléthon | Juin 2022\n"),
    )
    doc = clean_document(Document("pdf", "doc.pdf", "pdf", pages, META, "0"))
    spans = [(doc.text[span.start : span.end], span.number) for span in doc.pages]
    assert spans == [
        ("Des résultats publiés en 2022\n\nUn essai clinique randomisé contrôlé.", 3),
        ("Avancées", 4),
    ]


# The output contract, checked on the whole seed corpus


@pytest.mark.parametrize("name", SEEDS)
def test_paragraphs_are_single_lines_separated_by_one_blank_line(name):
    text = seed(name).text
    for paragraph in text.split("\n\n"):
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph


@pytest.mark.parametrize("name", SEEDS)
def test_heading_offsets_are_exact_and_headings_are_whole_paragraphs(name):
    doc = seed(name)
    assert doc.headings
    for heading in doc.headings:
        assert doc.text[heading.start : heading.start + len(heading.title)] == heading.title
        assert heading.start == 0 or doc.text[heading.start - 2 : heading.start] == "\n\n"
        assert doc.text[heading.start + len(heading.title) :][:2] in ("", "\n\n")


@pytest.mark.parametrize("name", SEEDS)
def test_links_are_out_of_the_prose_and_anchored_inside_the_text(name):
    doc = seed(name)
    assert doc.links
    assert "http" not in doc.text and "www." not in doc.text
    assert all(0 <= link.start <= len(doc.text) for link in doc.links)


@pytest.mark.parametrize("name", SEEDS)
def test_page_spans_are_ordered_and_cover_whole_paragraphs(name):
    doc = seed(name)
    previous_end = -1
    for span in doc.pages:
        assert previous_end < span.start < span.end <= len(doc.text)
        assert span.start == 0 or doc.text[span.start - 2 : span.start] == "\n\n"
        previous_end = span.end


@pytest.mark.parametrize("name", SEEDS)
def test_every_word_comes_from_the_source(name):
    source = unicodedata.normalize("NFC", (CORPUS / name).read_text(encoding="utf-8"))
    unhyphenated = re.sub(r"-[ \t]*\n\s*", "", source)
    known = set(re.findall(r"\w+", source)) | set(re.findall(r"\w+", unhyphenated))
    assert set(re.findall(r"\w+", seed(name).text)) <= known


def test_the_afm_review_is_cleaned_as_specified():
    doc = seed(AFM_2022)
    assert "NCT04421677" in doc.text.split("\n\n")
    assert "ǀ AFMTéléthon ǀ" not in doc.text
    assert doc.text.count(PLACEBO) == 1
    assert "saviez" not in doc.text
    assert [span.number for span in doc.pages] == [18, 19]
    page_18 = doc.text[doc.pages[0].start : doc.pages[0].end]
    assert "La douleur, un symptôme encore peu étudié" in page_18
    titles = set(headings(doc))
    assert {"Les myosites, en synthèse", "Dans la myosite à inclusions"} <= titles
    assert "Savoir & Comprendre" in titles
    after_boxes = {"Des résultats en demi-teinte pour le lénabasum", "Des études observationnelles"}
    assert after_boxes <= titles
    assert not {"Recrutement en cours", "Phase I", "10 participants (18 ans et +)"} & titles
    # a trial box printed inside a sentence no longer cuts it
    assert "randomisé contre placebo de phase III ProDERM (NCT02728752), suivi" in doc.text


def test_the_anti_mi2_brief_reads_as_sentences():
    assert (
        "produire des auto-anticorps anti-Mi2 augmente le risque d’atteinte musculaire mais réduit "
        "celui d’atteinte des poumons." in seed(ANTI_MI2).text
    )


def test_the_markdown_seeds_lose_their_markup():
    for name in (TOFACITINIB, IMAM):
        text = seed(name).text
        assert not re.search(r"\*\*|\]\(|^#|&amp;|<https?:", text, re.M)
    assert "Journal of Neuropathology & Experimental Neurology" in seed(IMAM).text


def test_the_forum_keeps_one_paragraph_per_message_line():
    paragraphs_ = seed(FORUM).text.split("\n\n")
    assert "Bonjour Rose," in paragraphs_
    assert "Lien vers l’article :" in paragraphs_


def test_the_whole_corpus_cleans_in_well_under_a_second():
    texts = [(name, (CORPUS / name).read_text(encoding="utf-8")) for name in SEEDS]
    started = time.perf_counter()
    for name, text in texts:
        kind = name.rsplit(".", 1)[1]
        clean_document(Document(name, name, kind, (Page(None, text),), META, "0"))
    assert time.perf_counter() - started < 1.0
