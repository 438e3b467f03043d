"""The stock templates (templates/*.docx, their own source: a clerk restyles them in Word or
LibreOffice) are valid OOXML where Word is strict and LibreOffice is not: property elements
(tblPr, pPr, rPr, sectPr, tcPr, trPr, settings) hold their children in schema order and once
each; no python-docx leftovers (its thumbnail, its 2013 dates, its description)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
THUMBNAIL_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

# ECMA-376 Part 1, wml.xsd: the child sequences of the property elements (local names, w:).
#: CT_TblPr (= CT_TblPrBase + tblPrChange)
TBL_PR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
).split()
#: CT_PPr (= CT_PPrBase + rPr, sectPr, pPrChange)
P_PR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
#: CT_ParaRPr / CT_RPr (EG_ParaRPrTrackChanges, EG_RPrBase, rPrChange)
R_PR = (
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline "
    "shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position "
    "sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
    "specVanish oMath rPrChange"
).split()
#: CT_SectPr; the header and footer references are one group (EG_HdrFtrReferences)
SECT_PR = (
    "headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
).split()
#: CT_TcPr
TC_PR = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"
).split()
#: CT_TrPr: a choice in any order, but each property at most once
TR_PR = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
).split()
#: CT_Settings (the w: children; w14:/w15: extensions are not in the sequence)
SETTINGS = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
    "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit "
    "hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
    "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
    "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat "
    "docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
).split()

#: element -> (its children in schema order, or None for "any order"; children that may repeat)
ORDERS: dict[str, tuple[list[str] | None, set[str]]] = {
    "tblPr": (TBL_PR, set()),
    "pPr": (P_PR, set()),
    "rPr": (R_PR, set()),
    "sectPr": (SECT_PR, {"headerReference"}),
    "tcPr": (TC_PR, set()),
    "trPr": (None, set()),
    "settings": (SETTINGS, {"activeWritingStyle", "attachedSchema", "smartTagType"}),
}
KNOWN = {"trPr": set(TR_PR)}
#: footerReference ranks with headerReference (EG_HdrFtrReferences is a repeated choice)
ALIASES = {("sectPr", "footerReference"): "headerReference"}


def local(tag: object) -> str | None:
    """The local name of a w: element's tag, None for other namespaces and comments."""
    if not isinstance(tag, str) or not tag.startswith(f"{{{W}}}"):
        return None
    return tag[len(W) + 2 :]


def violations(root: etree._Element) -> list[str]:
    """Every out-of-order, unknown or repeated child of the checked property elements."""
    found: list[str] = []
    for elem in root.iter(*(f"{{{W}}}{name}" for name in ORDERS)):
        name = local(elem.tag)
        assert name is not None
        order, repeatable = ORDERS[name]
        allowed = set(order) if order is not None else KNOWN[name]
        where = f"line {elem.sourceline}: w:{name}"
        seen: list[str] = []
        last = -1
        for child in elem:
            child_name = local(child.tag)
            if child_name is None:
                continue  # w14:, mc: … extensions sit outside the w: sequence
            child_name = ALIASES.get((name, child_name), child_name)
            if child_name not in allowed:
                found.append(f"{where} has an unknown child w:{child_name}")
                continue
            if child_name in seen and child_name not in repeatable:
                found.append(f"{where} repeats w:{child_name}")
            seen.append(child_name)
            if order is not None:
                rank = order.index(child_name)
                if rank < last:
                    found.append(f"{where}: w:{child_name} comes after w:{order[last]}")
                last = max(last, rank)
    return found


def xml_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_property_children_are_in_schema_order_and_not_repeated(template: Path) -> None:
    problems = [
        f"{name} {problem}"
        for name, blob in xml_parts(template).items()
        if name.startswith("word/") and name.endswith(".xml")
        for problem in violations(etree.fromstring(blob))
    ]
    assert problems == []


def test_the_checker_sees_what_the_audit_saw() -> None:
    """The header table's old tblPr: tblLayout twice, tblLook before tblInd and tblBorders."""
    old = etree.fromstring(
        f'<w:tblPr xmlns:w="{W}"><w:tblW/><w:jc/><w:tblLayout/><w:tblLook/><w:tblInd/>'
        "<w:tblBorders/><w:tblLayout/><w:tblCellMar/></w:tblPr>"
    )
    problems = violations(old)
    assert any("repeats w:tblLayout" in p for p in problems)
    assert any("w:tblInd comes after w:tblLook" in p for p in problems)
    fine = etree.fromstring(
        f'<w:sectPr xmlns:w="{W}"><w:headerReference/><w:footerReference/><w:headerReference/>'
        "<w:pgSz/><w:pgMar/><w:pgNumType/><w:cols/><w:titlePg/><w:docGrid/></w:sectPr>"
    )
    assert violations(fine) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_no_thumbnail(template: Path) -> None:
    with zipfile.ZipFile(template) as z:
        names = z.namelist()
        rels = z.read("_rels/.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert not [n for n in names if "thumbnail" in n.lower()]
    assert THUMBNAIL_RT not in rels
    assert "image/jpeg" not in types  # nothing else in a template is a JPEG


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_core_properties_are_docgen_s(template: Path) -> None:
    with zipfile.ZipFile(template) as z:
        core = z.read("docProps/core.xml").decode()
    assert "python-docx" not in core.lower()
    dates = dict(re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core))
    assert set(dates) == {"created", "modified"}
    assert not [d for d in dates.values() if d.startswith("2013")]
    assert re.search(r"<dc:creator>docgen</dc:creator>", core)
    assert re.search(r"<dc:title>docgen – [^<]+ \(mẫu\)</dc:title>", core)


def style_ids(template: Path) -> tuple[set[str], dict[str, set[str]]]:
    """The styles a template defines, and per part the style ids it refers to (w:pStyle,
    w:rStyle, w:tblStyle; in styles.xml w:basedOn, w:link and w:next)."""
    refs: dict[str, set[str]] = {}
    defined: set[str] = set()
    for name, blob in xml_parts(template).items():
        if not name.startswith("word/") or name.endswith(".rels"):
            continue
        root = etree.fromstring(blob)
        if name == "word/styles.xml":
            defined = {s.get(f"{{{W}}}styleId", "") for s in root.iter(f"{{{W}}}style")}
            tags = ("basedOn", "link", "next")
        else:
            tags = ("pStyle", "rStyle", "tblStyle")
        refs[name] = {e.get(f"{{{W}}}val", "") for e in root.iter(*(f"{{{W}}}{t}" for t in tags))}
    return defined, refs


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_every_style_referred_to_is_defined(template: Path) -> None:
    """The templates hold only the styles they use; what they use (and what those styles are
    based on, linked to, followed by) is there, so no paragraph falls back to Normal. (The
    styles docgen's footnotes use are checked on the rendered documents, in
    test_template_roundtrip.py.)"""
    defined, refs = style_ids(template)
    missing = {name: ids - defined for name, ids in refs.items() if ids - defined}
    assert missing == {}
    assert {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"} <= defined
