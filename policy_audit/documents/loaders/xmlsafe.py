"""Parsing untrusted XML with defusedxml, so entity tricks (billion laughs, XXE) are refused instead of expanded."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from .base import LoadError


def parse_xml(data: bytes, part: str, kind: str) -> Element:
    """Parse one XML part of a package; entity declarations and external references raise LoadError."""
    from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden  # type: ignore[import-untyped]
    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

    try:
        root: Element = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except EntitiesForbidden:
        raise LoadError(f"unsafe XML (entity declarations) in {part}: refused, as it may be a billion-laughs "
                        f"or external-entity attack; this is not a normal {kind} file") from None
    except DTDForbidden:
        raise LoadError(f"unsafe XML (document type declaration) in {part}: refused") from None
    except DefusedXmlException:
        raise LoadError(f"unsafe XML (external references) in {part}: refused") from None
    except ParseError as exc:
        raise LoadError(f"corrupt {kind} file: {part} is not well-formed XML ({exc})") from None
    except LookupError as exc:
        raise LoadError(f"corrupt {kind} file: {part} declares a text encoding Python does not know ({exc})") from None
