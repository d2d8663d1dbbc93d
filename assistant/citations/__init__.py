"""Citation statements: the sentences where a document points at another work, and how.

A citation is the strongest cross-document evidence there is: the author says, in words a
reader can check, which work they are talking about. Four kinds are found:

- link: a hyperlink kept at ingest (`Link`), its anchor text as the marker;
- reference: "[12]", "[3, 7]", "[3-5]", "Amodei et al. (2016)", "(Hubinger et al., 2024;
  Ngo, 2022)" and the bracketed "[Amodei et al., 2016, Pan et al., 2022]" form, mapped to
  the entry of the document's reference list when it has one;
- named: a person with a reporting verb ("Wentworth argues that", "as Christiano has
  noted", "Hubinger et al. find");
- quotation: a quoted span of at least eight words (the resolver looks for it verbatim in
  other documents).

Each citing sentence gets a stance toward the cited work, read from the sentence alone:
`contrasting` (it disputes the work), `supporting` (it agrees or rests on it as
evidence), else `mentioning`. Precision first: describing or using a work ("we use the
method of [12]", "unlike [4], we train on ...") is mentioning, and only cue phrases that
attach to the citation itself decide a stance; `cue` keeps the words that decided it.

`parse.find_citations` is pure (text in, citations out) and `stance.classify_stance` reads
a sentence's stance; `resolve.CitationResolver`, built once per analysis run from the
library's documents, maps each citation to the document it points at (or to nothing: the
UI then shows "cites: <label>"). Reference lists themselves are `assistant.references`;
assistant.citationstore stores citations. This package's public names are exported here.
"""

from assistant.citations.parse import Citation, CitationKind, find_citations
from assistant.citations.resolve import CitationResolver, Resolution
from assistant.citations.stance import Stance, classify_stance

__all__ = [
    "Citation",
    "CitationKind",
    "CitationResolver",
    "Resolution",
    "Stance",
    "classify_stance",
    "find_citations",
]
