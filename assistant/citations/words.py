"""Word lists that find and read citations by name (data only)."""

REPORTING_VERBS = tuple(
    """
    argue argues argued claim claims claimed contend contends contended maintain maintains
    maintained suggest suggests suggested note notes noted observe observes observed find
    finds found show shows showed shown demonstrate demonstrates demonstrated propose proposes
    proposed write writes wrote warn warns warned predict predicts predicted believe believes
    believed think thinks thought worry worries worried conclude concludes concluded report
    reports reported emphasise emphasises emphasised emphasize emphasizes emphasized assert
    asserts asserted hypothesise hypothesises hypothesize hypothesizes hypothesized speculate
    speculates speculated
    """.split()
) + ("point out", "points out", "pointed out")
# Capitalised words that stand before a reporting verb without being a person.
NOT_A_PERSON = frozenset(
    """
    a an the this that these those it its they them their there here we our us you your he she
    his her i one some many most several few others other all both each either neither such
    which who what when where while if although though however but and or so because since
    as also then thus hence yet still later earlier recent recently prior previous past
    future current modern early further figure fig table section appendix chapter equation
    eq theorem lemma proposition corollary definition example experiment experiments
    evidence research work works paper papers study studies analysis result results data
    history experience intuition theory practice literature authors author researchers
    people critics proponents skeptics sceptics optimists pessimists commenters readers
    reviewers observers experts scientists engineers economists philosophers everyone
    nobody someone anyone nothing something everything model models training search
    google openai anthropic deepmind microsoft meta nature science section update updated
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec authorship
    spring summer autumn fall winter early late mid version edition
    neurips nips icml iclr aaai ijcai acl emnlp naacl cvpr iccv eccv corl uai aistats arxiv
    """.split()
)
# Verbs that put forward a view (not a finding): "X argues that ..., but ..." disputes it.
ASSERTIVE_VERBS = tuple(
    """
    argue argues argued claim claims claimed contend contends contended maintain maintains
    maintained suggest suggests suggested believe believes believed think thinks propose
    proposes proposed assert asserts asserted predict predicts predicted
    """.split()
)
