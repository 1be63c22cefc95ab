"""Kubernetes manifests of 07_ml_service's deployment question, read by
structure: the YAML parsed with PyYAML's safe loader (``---``-separated
documents, or one ``kind: List`` holding them), the objects picked by kind,
container ports resolved by name or number and resource quantities read as
Kubernetes reads them (``250m``, ``0.5``, ``256Mi``, ``1G``, ``1e3``).
Nothing here is run; the judge reads plain data.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .core import CheckFailed
from ..messages import msg


def parse_manifests(text: str) -> list:
    """The objects of a manifest: every non-empty YAML document, and the items
    of a document of ``kind: List``."""
    import yaml
    if not isinstance(text, str):
        raise CheckFailed(msg("your manifest should be a string of YAML, not a {name__}", name__=type(text).__name__),
                          show_values=False, hidden_message="your manifest is not a string")
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        at = msg(" (line {line}, column {column})", line=where.line + 1, column=where.column + 1) if where is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise CheckFailed(msg("your manifest is not valid YAML{at}: {problem}", at=at, problem=problem),
                          show_values=False,
                          hint="indent with spaces only (never tabs), two per level; a list item starts with '- '",
                          hidden_message="your manifest is not valid YAML") from None
    objects = []
    for doc in docs:
        if isinstance(doc, dict) and doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            objects.extend(doc["items"])
        else:
            objects.append(doc)
    for obj in objects:
        if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str):
            raise CheckFailed(msg("every document of your manifest should be a Kubernetes object, a mapping with "
                                  "apiVersion, kind, metadata and spec"), show_values=False,
                              hint="separate the objects with a line ---")
    return objects


def of_kind(objects: list, kind: str, api_version: str) -> list:
    """The objects of one kind (and its apiVersion: a Deployment of another
    group is not one the API server would create)."""
    return [o for o in objects if o.get("kind") == kind and o.get("apiVersion") == api_version]


def dig(obj, *path):
    """obj[path[0]][path[1]]..., or None where a step is missing or not a
    mapping or list of that shape."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(obj, list) or not -len(obj) <= step < len(obj):
                return None
        elif not isinstance(obj, dict):
            return None
        obj = obj[step] if isinstance(step, int) else obj.get(step)
    return obj


def port_number(container: dict, port):
    """The number a probe's or a Service's port names in a container: a number
    as it is, a name through the container's ``ports`` (None when no port has
    that name). A quoted number is a string, which Kubernetes reads as a port
    name, and a port name needs a letter: the API server refuses ``"8000"``."""
    if isinstance(port, bool):
        return None
    if isinstance(port, int):
        return port
    if isinstance(port, str):
        if not any(c.isalpha() for c in port):
            return None
        for p in container.get("ports") or []:
            if isinstance(p, dict) and p.get("name") == port:
                return p.get("containerPort") if isinstance(p.get("containerPort"), int) else None
    return None


_SUFFIX = {"": 1, "m": Decimal("0.001"), "k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12, "P": 10 ** 15,
           "E": 10 ** 18, "Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40, "Pi": 2 ** 50, "Ei": 2 ** 60}
_QUANTITY = re.compile(r"([+]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")


def quantity(value):
    """A Kubernetes resource quantity as a Decimal (cores, bytes), or None when
    it is not one: ``250m`` is 0.25, ``0.5`` and ``500m`` are equal, ``1Gi`` is
    1024 ** 3, ``1G`` 1000 ** 3."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    m = _QUANTITY.fullmatch(value.strip())
    if not m or (m.group(2) is not None and re.search(r"[eE]", m.group(1))):
        return None
    try:
        return Decimal(m.group(1)) * Decimal(_SUFFIX[m.group(2) or ""])
    except InvalidOperation:
        return None
