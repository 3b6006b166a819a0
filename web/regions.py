"""The region tree beside the heatmap: a region's ancestors, its children, body counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Body, Region


@dataclass
class RegionNode:
    code: str
    name: str
    bodies: int  # registered bodies in this region and every region below it


class RegionTree:
    """All regions and per-region body counts, loaded in two queries."""

    def __init__(self, session: Session) -> None:
        self.names: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}
        for code, name, parent in session.execute(
            select(Region.code, Region.name, Region.parent_code)
        ):
            self.names[code] = name
            self.parents[code] = parent
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for code, parent in self.parents.items():
            # a parent the registry does not hold makes its children roots
            self.children[parent if parent in self.names else None].append(code)
        direct = dict(
            session.execute(select(Body.region_code, func.count()).group_by(Body.region_code)).all()
        )
        self.counts: dict[str, int] = {}
        for code in self._post_order():
            self.counts[code] = direct.get(code, 0) + sum(
                self.counts[c] for c in self.children.get(code, [])
            )

    def _post_order(self) -> list[str]:
        order: list[str] = []
        stack = [(c, False) for c in self.children.get(None, [])]
        seen: set[str] = set()
        while stack:
            code, done = stack.pop()
            if done:
                order.append(code)
                continue
            if code in seen:
                continue
            seen.add(code)
            stack.append((code, True))
            stack.extend((c, False) for c in self.children.get(code, []))
        return order

    def node(self, code: str) -> RegionNode:
        return RegionNode(code, self.names.get(code, code), self.counts.get(code, 0))

    def ancestors(self, code: str | None) -> list[RegionNode]:
        """From the root down to ``code`` (included)."""
        chain: list[RegionNode] = []
        while code and code in self.names and all(n.code != code for n in chain):
            chain.append(self.node(code))
            code = self.parents.get(code)
        return chain[::-1]

    def below(self, code: str | None) -> list[RegionNode]:
        """The regions directly below ``code`` (the roots for None), by code."""
        return [self.node(c) for c in sorted(self.children.get(code, []))]

    def name(self, code: str | None) -> str:
        return self.names.get(code or "", code or "")
