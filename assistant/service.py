"""Read-side of the argument map, shared by the CLI and the UI so they never disagree.

The UI imports this and nothing deeper: pages render what these functions return.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from assistant.mapstore import MapStore
from assistant.models import Claim, Crux, Flag, Relation
from ingest.library import Library


class RelationView(BaseModel):
    type: str
    other: str
    direction: str
    other_text: str = ""
    other_author: str = ""
    rationale: str = ""


class ClaimView(BaseModel):
    id: str
    doc_id: str
    start: int
    end: int
    quote: str
    text: str
    kind: str
    hedged: bool = False
    author: str = ""
    published: datetime | None = None
    title: str = ""
    url: str | None = None
    relations: list[RelationView] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)


class OppositionView(BaseModel):
    claim_id: str
    quote: str
    text: str
    author: str
    score: float
    why: str


class SteelmanResult(BaseModel):
    claim_id: str
    claim_text: str
    opposition: list[OppositionView]
    paragraph: str = ""
    dropped: list[str] = Field(default_factory=list)


class MapService:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.store = MapStore(library)

    def resolve_claim(self, claim_id: str) -> str | None:
        matches = self.store.find_claims(claim_id)
        return matches[0] if len(matches) == 1 else None

    def claim_views(self, doc_id: str | None = None) -> list[ClaimView]:
        claims = self.store.claims(doc_id)
        relations = self.store.relations()
        flags = self.store.flags()
        by_id = {c.id: c for c in self.store.claims()} if doc_id else {c.id: c for c in claims}
        touching: dict[str, list[Relation]] = {}
        for rel in relations:
            touching.setdefault(rel.source, []).append(rel)
            touching.setdefault(rel.target, []).append(rel)
        flagged: dict[str, list[Flag]] = {}
        for flag in flags:
            flagged.setdefault(flag.claim_id, []).append(flag)
        return [_view(c, touching.get(c.id, []), flagged.get(c.id, []), by_id) for c in claims]

    def claim_view(self, claim_id: str) -> ClaimView | None:
        cid = self.resolve_claim(claim_id)
        claim = self.store.claim(cid) if cid else None
        if claim is None:
            return None
        relations = self.store.relations_of(claim.id)
        others = {r.source for r in relations} | {r.target for r in relations}
        by_id = {o: self.store.claim(o) for o in others}
        by_id = {k: v for k, v in by_id.items() if v is not None}
        return _view(claim, relations, self.store.flags(claim.id), by_id)

    def cruxes(self, top: int = 10) -> list[Crux]:
        return self.store.cruxes()[:top]

    def steelman(self, claim_id: str, llm: str | None = None) -> SteelmanResult:
        from assistant.steelman import strongest_opposition

        cid = self.resolve_claim(claim_id) or claim_id
        claims = self.store.claims()
        target = next(c for c in claims if c.id == cid)
        opposition = strongest_opposition(cid, claims, self.store.relations(), limit=5)
        views = [
            OppositionView(
                claim_id=o.claim_id,
                quote=o.quote,
                text=o.text,
                author=o.author,
                score=o.score,
                why=o.why,
            )
            for o in opposition
        ]
        result = SteelmanResult(claim_id=cid, claim_text=target.text, opposition=views)
        if llm and views:
            from assistant.steelman_llm import write_steelman

            result.paragraph, result.dropped = write_steelman(llm, target, views)
        return result

    def export(self, fmt: str, claim_ids: set[str] | None = None) -> str | bytes:
        """The whole map, or only `claim_ids` with the relations among them and their sources."""
        from assistant.export import export_map

        claims, relations = self.store.claims(), self.store.relations()
        if claim_ids is not None:
            claims = [c for c in claims if c.id in claim_ids]
            relations = [r for r in relations if r.source in claim_ids and r.target in claim_ids]
        used = {c.doc_id for c in claims}
        documents = [
            {
                "id": d.id,
                "title": d.title,
                "url": d.url,
                "authors": d.authors,
                "published": d.published.isoformat() if d.published else None,
                "meta": d.meta,
                "kind": d.kind,
            }
            for d in self.library.documents()
            if claim_ids is None or d.id in used
        ]
        return export_map(fmt, claims, relations, documents)

    def map_data(self) -> tuple[list[Claim], list[Relation]]:
        return self.store.claims(), self.store.relations()


def _view(
    claim: Claim, relations: list[Relation], flags: list[Flag], by_id: dict[str, Claim]
) -> ClaimView:
    mine = []
    for rel in relations:
        if rel.source == claim.id:
            other, direction = rel.target, "out"
        elif rel.target == claim.id:
            other, direction = rel.source, "in"
        else:
            continue
        other_claim = by_id.get(other)
        mine.append(
            RelationView(
                type=rel.type,
                other=other,
                direction=direction,
                other_text=other_claim.text if other_claim else "",
                other_author=other_claim.author if other_claim else "",
                rationale=rel.rationale,
            )
        )
    return ClaimView(
        **claim.model_dump(
            include={
                "id",
                "doc_id",
                "start",
                "end",
                "quote",
                "text",
                "kind",
                "hedged",
                "author",
                "published",
                "title",
                "url",
            }
        ),
        relations=mine,
        flags=[f for f in flags if f.claim_id == claim.id],
    )
