"""Judgements with nothing to check them against: statement candidates that are opinions.

A statement candidate (a sentence with a count, or a measurable relation between named parties)
can still be the writer's judgement: "their collective performance in Iowa was dismal at best",
"the network helped legitimize political issues", "That sentiment encapsulates one of Clinton's
biggest vulnerabilities". Word lists of opinions miss most such sentences on news they were not
written from, because judgements come in plain words. What a checkable statement has and these
do not is a hard anchor:

- a figure: an amount, a share, a count of things, a tally, a rank or a record ("$500.8
  million", "16 percent", "62 individuals", "16,000", "the 41st president", "the first time in
  the parade's 46-year history"); a span of time ("two decades", "four years later"), a vague
  magnitude ("millions of jobs") or a superlative ("one of Clinton's biggest vulnerabilities")
  is none;
- a reported source: someone said, told, announced, estimated; a poll or an analysis found.

A concrete event (someone won, voted, signed, was charged, died, bought, hired), a small count
in words ("two past elections"), a vague magnitude ("hundreds of thousands") or a span of time
in digits ("76 minutes") is a weaker anchor: it outweighs one judging word, not two.

A sentence that judges (an evaluative word, the writer's reading of events, a hedge, the
writer's prediction, "if ... will", a verdict said with a copula: "was a setback for") outside
its quotations and has no anchor to outweigh it is an opinion; a sentence with a hard anchor
keeps its evaluative words ("the embattled company lost $5 billion" is checkable).

Where the anchor stands matters. When the main clause judges, a figure or an event in a leading
phrase only supports it ("While candidates are vowing to bring back millions of jobs, public
sentiment reflects core challenges"), and so does one in an aside between dashes or in
parentheses ("But after his glaring display of vulnerability - in which he seemed to confirm,
before millions of viewers, the critiques - the question was not whether ..."); a source in a
relative clause that ends the sentence speaks of that clause's noun ("The problem is finding the
legal basis ..., which he estimates will not expire for years"): none of them anchors it.

Some forms are no statement whatever they hold: an appeal ("In lieu of flowers, please send
contributions to ..."), a pointer to a link ("A summary of the results is here: http://..."), a
credit line ("Story by ... Video produced by ..."), and a headline in title case ("Post-9/11
Rebuilding Isn't The Only Reason Hedge Funds Support Hillary Clinton", "Trump Just Fired A
5-Word Missile"), the editor's teaser of what the article reports, unless it holds a figure
other than the teaser's count. Nor is the writer's signpost ("Here are five questions about
..."), a list's introduction ("here is a sample of new actions:"), a scrap of markup
('poster="http://..."'), a judging frame ("The fact is ...", "The problem is, ...",
"Evidence is clear that ..."), a reading ("raises questions about whether", "is seen further
undermining"), the writer weighing possibilities ("there were two possible interpretations")
or the writer's conditional ("If the court rules ..., it could force ... $12
billion"), unless the sentence reports someone's words (``is_writers_frame``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimtrack.regex_shape import quick

_TIME = (
    r"(?:years?|months?|weeks?|days?|decades?|centuries|century|hours?|minutes?|seconds?"
    r"|nights?|mornings?|times?|rounds?|terms?|[a-z]+-years?|[a-z]+-old)"
)
# What a number counts, through up to three modifiers: "62 individuals", "49 people", "two
# outsider candidates", "335 pro-Islamic State accounts" ("vicious", "status" and "this" end in
# -s and count nothing); the nearest noun ("three applicants for its three seats" counts
# applicants).
_COUNTED = (
    r"(?:\s+(?:more|fewer|other|new|additional|of\s+the|[A-Za-z]+(?:-[A-Za-z]+)*)){0,3}?"
    rf"\s+(?!{_TIME}\b)(?:[a-z]{{2,}}(?<!ss|us|is)s|people|men|women|children)\b"
)
_NOT_A_YEAR = r"(?<![/\d.,])\b(?!(?:1[6-9]|20)\d\d\b)"
# A figure that a record can confirm: money, a share, a number with a scale, a large number, a
# tally ("a 5-4 ruling"), a multiple, an age, a rank, a record, or a number in digits with the
# things it counts (not a year, "2016 teaches graduates", nor part of one, "9/11 attacks").
_HARD_FIGURE = re.compile(
    r"[$€£¥]\s?\d|\d\s?%|\b\d[\d,.]*\s*(?:-\s*)?(?:percent|per\s+cent|percentage\s+points?"
    r"|points?|million|billion|trillion|bn)\b|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b"
    rf"|{_NOT_A_YEAR}\d{{4,}}\b|\b\d{{1,3}}-\d{{1,3}}\b(?!-)|\b[\w-]+fold\b|\bone-in-\w+"
    rf"|\bages?d?\s+\d|\b\d+-year-old|\b\d+(?:st|nd|rd|th)\b|\b\d+-(?!{_TIME}\b)[a-z]+"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?\s+(?:percent|per\s+cent)\b"
    r"|\b(?:a|one|two)[ -](?:third|quarter|half|fifth|tenth)s?\s+of\b|\bhalf\s+of\b"
    r"|\bmajority\s+of\b"
    # records: "in U.S. history", "the world's largest drugmaker", "on record"
    r"|\bin\s+(?:[\w.’'-]+\s+){0,3}history\b|\bon\s+record\b|\bsince\s+\d{4}\b"
    r"|\b(?:world|nation|country|state|city|region|company|industry)['’]s\s+(?:\w+\s+)?"
    r"(?:largest|biggest|highest|lowest|smallest|oldest|longest|deadliest)\b",
    re.IGNORECASE,
)
# Any other number in digits, unless it is a year, a span of time, part of a date ("9/11"), a
# list's number ("1)"), part of a name ("Federal mine No. 2", "Fight for 15 Movement", "EB-5",
# "F-35") or an age in apposition ("Sanders, 74, almost certainly will not run").
_NUMBER = re.compile(
    rf"(?<![A-Za-z]-){_NOT_A_YEAR}\d+(?:[,.]\d+)*(?![\d/)]|\s+(?:[a-z]+\s+)?{_TIME}\b|-{_TIME}\b)"
)
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w.’'-]*|,)\s+$")
# A small count in words, or a span of time in digits ("two past elections", "76 minutes"): a
# weaker anchor, and none when it points back at what the text already named ("those two
# billionaires", "the final two debates").
_SOFT_FIGURE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    rf"|fifty|sixty|seventy|eighty|ninety){_COUNTED}|\b\d+\s+{_TIME}\b"
    r"|\b(?:hundreds|thousands|millions|billions|trillions|dozens)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:the|these|those|both|its|their|his|her|our)\s+(?:[a-z]+\s+)?(?:two|three|four|five"
    r"|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
# Someone the sentence reports: a verb of saying or finding, or a source that says.
_SOURCE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|according\s+to|announc(?:ed|es|ing)"
    r"|report(?:ed|s|ing)|estimat(?:ed|es)|testified|confirm(?:ed|s)|den(?:ied|ies)"
    r"|declined\s+to|acknowledg(?:e|ed|es)|admit(?:s|ted)?|wrote|writes|tweeted|posted|stated"
    r"|emphasi[sz](?:e|es|ed)|stressed|contend(?:s|ed)?"
    r"|declared|disclosed|revealed|alleg(?:ed|es|ing)|accus(?:ed|es|ing)|charged\s+(?:with|that)"
    r"|claim(?:ed|s|ing)|insist(?:ed|s|ing)?|argu(?:ed|es|ing)|noted|added|asked|observed"
    r"|urg(?:ed|es|ing)|implor(?:ed|es|ing)|called\s+(?:on|for)|pledg(?:ed|es|ing)"
    r"|promis(?:ed|es|ing)|vow(?:ed|s|ing)|warn(?:ed|s|ing)|predicted|projected"
    r"|recommend(?:ed|s)|endors(?:ed|es|ing)|criticiz(?:ed|es|ing)|praised|describ(?:ed|es|ing)"
    r"|characterized|dismissed|questioned|blamed|credited|echoed|suggested|signall?ed"
    r"|pointed\s+(?:to|out)|cited|quoted|explained|recalled|responded|replied|complained"
    r"|found|finds"
    r"|(?:in|during)\s+(?:a|an|his|her|their|its)\s+(?:\w+\s+)?(?:statement|interview|speech"
    r"|letter|op-ed|post|tweet|filing|report)|made\s+(?:the|these|those)\s+(?:comments|remarks)"
    r"|(?:polls?|survey|study|analysis|report|records|data|statistics|filings?|complaint|memo"
    r"|figures|census|audit)\s+(?:\w+\s+)?(?:shows?|showed|found|finds|suggests?|released"
    r"|published|filed))\b",
    re.IGNORECASE,
)
# An event a record can confirm: a concrete act, a vote, a sale, a death, a change in a figure.
_EVENT = re.compile(
    r"\b(?:won|wins|lost|loses|elected|re-elected|voted|votes?|signed|signs|passed|vetoed"
    r"|veto(?:es)?|sues?|ratified|enacted|approved|rejected|filed|sued|indicted|convicted"
    r"|sentenced|arrested|detained|deported|killed|shot|died|dies|wounded|injured|fired|hired"
    r"|resigned|appointed|nominated|named|sworn|serve|founded|funded|created|opened|closed|launched"
    r"|released|published|issued|sold|sells|bought|buys|acquired|merged|raised|donated|spent"
    r"|paid|invested|borrowed|lent|owed|own|owns|owned|visited|met|attended|spoke|traveled"
    r"|travelled|moved|married|divorced|born|imposed|banned|prohibited|awarded|granted|invaded"
    r"|attacked|bombed|struck|crashed|served|serves|leads|led|trails|trailed|finished|ranked"
    r"|scored|received|gave|gives|joined|left|quit|retired|built|produced|introduced|proposed"
    r"|requires|required|sent|used|includes|included|contains|allows|allowed|costs?|earned"
    r"|earns|worked|lasted|ended|stopped|reduced|deployed|grew|fell|rose|dropped|increased"
    r"|decreased|doubled|tripled|cut|slashed|hit|reached|topped|surpassed|imports?|exports?"
    r"|imported|exported|trade|traded|sanctions?|sanctioned|tariffs?)\b",
    re.IGNORECASE,
)
# The writer's judgement: evaluative adjectives, adverbs and nouns, verbs that read meaning into
# events, hedges, and the writer's own predictions. Written from general English usage; some
# came from reading the opinions of the samples the rules were tuned on. Single words are
# looked up in a set, word by word (a regex of a few hundred alternatives tried at every word
# was most of the rule's time); stems end a word ("ironic" -> "ironically"), phrases are a regex.
_JUDGING_WORDS = frozenset(
    # quality and character
    "dismal abysmal disastrous catastrophic dire bleak awful horrible terrible lousy pathetic"
    " dreadful appalling deplorable disgraceful shameful embarrassing humiliating damaging"
    " devastating vicious nasty ugly toxic petty puerile bizarre weird curious hypocrisy"
    " dishonest crooked reckless irresponsible foolish naive misguided wrongheaded flawed"
    " unfair unjust illegitimate credible plausible implausible crucial vital pivotal profound"
    " genuine sincere brave courageous heroic cowardly feeble lame hollow meaningless pointless"
    " futile ineffective impressive extraordinary amazing astonishing shocking alarming"
    " troubling disturbing worrying admirable laudable deserved undeserved dubious questionable"
    " dangerous symbolic legendary glaring stark sweeping lofty wrong"
    # the writer's reading of what events mean
    " reflect reflects reflected reflecting suggest suggests suggesting embody embodies embodied"
    " stoke stoked stokes fueled fuelled strength strengths significance ideal ideals legacy"
    # hedges and intensifiers that only a writer's view needs
    " necessarily largely somewhat essentially fundamentally basically virtually hardly"
    " ironically unfortunately fortunately sadly thankfully surprisingly unsurprisingly"
    " predictably notoriously undoubtedly certainly indeed deeply utterly wildly needlessly"
    # the writer's predictions and prescriptions ("Mr. Rubio would eliminate taxes", "she
    # would also close": a candidate's plan, not the writer's guess)
    " would must cannot".split()
)
# (stem, letters it needs after it): "ironic" and "ironically", "underscores".
_JUDGING_STEMS = (
    ("ironic", 0),
    ("hypocritic", 0),
    ("inevitabl", 0),
    ("underscor", 1),
    ("illustrat", 1),
    ("exemplif", 1),
    ("epitomis", 1),
    ("epitomiz", 1),
    ("encapsulat", 1),
    ("symbolis", 1),
    ("symboliz", 1),
    ("undercut", 0),
    ("undermin", 1),
    ("legitimis", 1),
    ("legitimiz", 1),
    ("normalis", 1),
    ("normaliz", 1),
    ("galvanis", 1),
    ("galvaniz", 1),
    ("vulnerabilit", 1),
    ("weakness", 0),
)
_STEM_HEADS = frozenset(stem[:6] for stem, _ in _JUDGING_STEMS)
# Each alternative starts with a letter: the look for one lets the engine skip the rest.
_JUDGING_PHRASE = re.compile(
    r"\b(?=[^\W\d_])(?:right\s+thing|good\s+thing|bad\s+thing|boils?\s+down|speaks?\s+to"
    r"|the\s+stakes|(?<!\d\s)(?<!percentage\s)points?\s+to"
    r"|cuts?\s+against|set\s+the\s+stage|paved?\s+the\s+way|the\s+sort\s+of|rather(?!\s+than)"
    r"|at\s+best|at\s+worst|of\s+course|no\s+doubt|(?:is|are|was|were)\s+going\s+to|poised\s+to"
    r"|(?<=['’])(?:s|re)\s+going\s+to|(?<=\w['’])d\s+(?!(?:been|had|better|[a-z]+ed)\b)[a-z]+"
    r"|bound\s+to|has\s+to|have\s+to|had\s+to|can['’]t|appears?\s+to|appeared\s+to"
    r"|seems?\s+to|seemed\s+to|in\s+many\s+ways)\b",
    re.IGNORECASE,
)
# Significance and outcome said of something ("is playing a key role", "was a setback for")
# and the writer's framing ("The problem, however, is finding the legal basis"): looked for
# only in a sentence that holds one of their nouns.
_VERDICT = re.compile(
    r"\b(?=[^\W\d_])(?:(?:key|major|central|pivotal|crucial|critical|outsized)\s+role"
    r"|(?:is|was|are|were|be|been|remains?|remained|became|becomes)\s+(?:not\s+)?"
    r"(?:(?:just|only|also|still|now|already|clearly)\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sign|test|reminder|setback|blow|gamble|turning\s+point|testament|mistake|break|boon"
    r"|gift|liability|threat|opportunity|signal|symbol|lesson|failure|disaster|triumph|coup|boost"
    r"|embarrassment|distraction|headache|nightmare|wake-up\s+call|game[- ]changer)"
    r"|(?:the|this|that)\s+(?:real\s+|bigger\s+|main\s+)?(?:problem|irony|trouble|catch|upshot"
    r"|bottom\s+line|question)(?:,\s*however,)?\s+(?:is|was)(?!\s+(?:asked|put|posed|raised))"
    r"|sen(?:d|ds|t|ding)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?signal)\b",
    re.IGNORECASE,
)
_VERDICT_NOUNS = frozenset(
    "role sign test reminder setback blow gamble point testament mistake break boon gift"
    " liability threat opportunity signal symbol lesson failure disaster triumph coup"
    " embarrassment distraction headache nightmare wake-up game-changer changer problem irony"
    " trouble catch upshot line question signal boost".split()
)
# A word, a compound one whole ("high-stakes" is no "stakes", "well-deserved" no "deserved").
_WORDS = re.compile(r"\w+(?:-\w+)*")
# The writer's conditional prediction: "if ... will" either way round ("If a Democrat succeeds
# Obama, he or she will spend ..."); "would" is a judging word of its own.
_IF_WILL = re.compile(
    r"(?i:\bif\b)[^.;:]*?\b(?P<after>will|won['’]t|(?<=['’])ll)\b"
    r"|\b(?P<before>will|won['’]t|(?<=['’])ll)\b[^.;:]*?\bif\b"
)
# The subject of a "would" that states a plan: a name or a pronoun for one, maybe with "also".
_PLANNER = re.compile(r"(?:\b[A-Z][\w.’'-]*|\b(?:he|she|they|He|She|They))\s+(?:also\s+)?$")
_NAMED_PLANNER = re.compile(r"\b[A-Z][\w.’'-]*\s+(?:also\s+)?$")
# A quality said of something with a copula ("their performance was dismal", "is especially
# troubling", "are decidedly negative"): an adjective of the suffixes that judge more often than
# they classify, not one that names a kind ("is political", "was presidential").
_PREDICATE = re.compile(
    r"\b(?:is|are|was|were|be|been|remains?|remained|seems?|seemed|became|become)\s+"
    r"(?:(?:\w+ly|so|too|very|more|most|less|quite|far|not|also|still|now|even|just)\s+)*"
    r"(?!(?:responsible|available|possible|eligible|capable|liable|probable|reliable|visible"
    r"|national|federal|general|local|political|official|personal|original|legal|total|final"
    r"|central|several|critical|potential|special|social|medical|financial|presidential"
    r"|congressional|constitutional|international|additional|traditional|principal|annual"
    r"|individual|actual|equal|natural|digital|public|democratic|republican|economic"
    r"|domestic|historic|specific|islamic|ethnic|academic|civic|present|absent|independent"
    r"|different|current|recent|incumbent|relevant|significant|important|pregnant|vacant"
    r"|active|executive|native|alive|positive|negative|conservative|relative|effective|ineligible"
    r"|exclusive|inclusive|consecutive|legislative|representative|famous|various|nervous"
    r"|anonymous|unanimous|previous|serious|religious|jealous|ambitious|curious|careful|populous"
    # nouns of these endings: "is president of U.S. Trust", "was a student"
    r"|president|resident|student|agent|parent|percent|cent|patent|content|event|extent|talent"
    # verbs and numbers of these endings: "was spent", "were sent", "had been five"
    r"|spent|sent|meant|went|lent|five|equivalent|convertible|payable|taxable"
    r"|component|opponent|proponent|client|patient|assistant|consultant|immigrant|participant"
    r"|applicant|restaurant|merchant|defendant|lieutenant|sergeant|tenant|servant|giant|plant"
    r"|grant|accountant|attendant|descendant|claimant|critic|mechanic|clinic|topic|music|logic"
    r"|republic|traffic|panic|epidemic|detective|objective|initiative|incentive|alternative"
    r"|directive|operative)\b)"
    r"[a-z]+(?:able|ible|ive|ous|ful|less|ic|ent|ant)\b(?!\s+(?:of|in\s+charge)\b)"
)
# A leading phrase or subordinate clause, up to its first comma: a subordinating word or a
# preposition, or a participle ("Armed with", "Speaking at"), after an optional connective.
_LEAD = re.compile(
    r"^\W*(?:(?:But|And|Yet|So|Still|Now|However|Instead|Meanwhile|Then|Indeed)\s*,?\s+)?"
    r"(?:(?i:though|although|while|whereas|whether|because|since|as|if|when|whenever|after|before"
    r"|once|unless|until|despite|even\s+(?:as|if|though|with|after)|with|without|for|in|on"
    r"|at(?!\s+least\b)"
    r"|by|amid|among|under|over|through|during|to|given|like|unlike|beyond|besides"
    r"|following|ahead\s+of)\b|[A-Za-z][a-z]+(?:ed|ing)\s+(?=[a-z]))"
    r"(?:[^,;:()\"“”—–]|,(?=\d))*?,\s+"
)
# A lead that is a record ("For the first time in the parade's 46-year history, ...") is what
# the sentence asserts, not its support.
_FIRST_TIME = re.compile(r"\W*(?:(?:But|And)\s+)?(?i:for\s+the\s+(?:first|last)\s+time)\b")
# A lead that attributes the main clause: "As the audit found, ...".
_ATTRIBUTION = re.compile(r"\W*(?:(?:But|And)\s+)?[Aa]s\s")
# A headline in title case is the editor's teaser, not the report ("31 Latinos Share Their Most
# Honest Thoughts On Donald Trump", "Trump Just Fired A 5-Word Missile"); it needs a figure,
# other than the teaser's count of words, things or reasons, to be a statement.
_TITLE_WORDS = re.compile(r"\b[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset(
    "a an the of in on for to and or but nor at by with from as vs v per via into onto about over"
    " after up out off than".split()
)
_TEASER = re.compile(
    r"\b\d+[- ](?:\(?more\)?\s+)?(?:\w+\s+)?(?:words?|things?|reasons?|ways?|lines?|facts?"
    r"|questions?|moments?|signs?|takeaways?|lessons?|trends?|secrets?|tips?|photos?|pictures?"
    r"|times?)\b",
    re.IGNORECASE,
)
# A relative clause that ends the sentence speaks of its noun, not for the main clause: "The
# problem is finding the legal basis ..., which he estimates will not expire for years".
_TRAILING_RELATIVE = re.compile(r",\s+(?:which|who|whose|whom)\b[^,;:]*$")
# An aside between dashes or in parentheses ("the tight profit margins (around 4 percent)",
# "- in which he seemed to confirm, before millions of viewers, the critiques -"): a figure or
# an event in it supports the sentence; it does not anchor a judgement made outside it.
_ASIDE = re.compile(r"\s+[—–-]\s+[^—–]*?\s+[—–-]\s+|\s*\([^()]*\)")
# A pointer to a link, or a credit line: no statement.
_POINTER = re.compile(
    r"\b(?:is|are)\s+(?:available\s+)?here:|^\W*(?:View|See|Read)\b[^.]*:\s*https?://"
)
_CREDITS = re.compile(
    r"\W*(?i:(?:additional\s+)?reporting|editing|writing|story|text|video|photos?|graphics"
    r"|cinematography|production)\s+(?:\w+\s+)?by\s+[A-Z]"
)
# The writer's signposts, frames and conditionals (bench/README.md "Statements, round 11"):
# no statement whatever they hold. A signpost or a list's introduction ("Here are five
# questions about ...", "... here is just a sample of new actions:"; a colon alone also
# introduces quotes and reports: "fired back ..., including Rep. Lacy Clay:"), a scrap of markup
# ('poster="http://..."'), a judging frame around the claim ("The fact is ...", "The problem
# is, ...", "Evidence is clear that ..."), a reading of what something raises or how it is seen
# ("raises questions about whether", "is seen further undermining"), possibilities weighed
# ("two possible interpretations") and the writer's
# conditional ("If the court rules ..., it could force ... $12 billion"), unless the sentence
# reports someone's words (then the frame or the conditional is theirs).
_HERE_OPEN = r"(?:(?:But|And|So)\s+)?Here\s+(?:is|are|'s|’s)\b"
_FRAME_OPEN = (
    r"(?:(?:But|And|Yet|So)\s+)?(?:The\s+(?:simple\s+|plain\s+|real\s+|hard\s+|sad\s+"
    r"|only\s+|big\s+|main\s+)?(?:fact|problem|truth|reality|point|irony|trouble|bottom\s+line"
    r"|upshot|catch)\s+(?:is|was)\b|(?:Evidence|It)\s+is\s+(?:clear|obvious|plain|evident)\b)"
)
_IF_OPEN = r"(?:(?:But|And|Yet|So|Even)\s+)?(?:If|Unless)\b[^,]*,.*\b(?:would|could|might)\b"
# What opens a sentence: a signpost, a judging frame or the writer's conditional, in one look.
_OPENING = re.compile(rf"\W*(?:{_HERE_OPEN}|{_FRAME_OPEN}|{_IF_OPEN})")
# A list's introduction anywhere in the sentence ("... here is just a sample of new actions:").
_LIST_INTRO = re.compile(r"\b(?:(?:here|below)\s+(?:is|are)|the\s+following)\b.*:[\"”’']*\s*$")
_MARKUP = re.compile(r"\b[a-z]+=[\"“']")
_READING = re.compile(
    r"\braises?\s+(?:new\s+|serious\s+|fresh\s+)?(?:questions|doubts)\b"
    r"|\bis\s+seen\s+(?:[a-z]+ly\s+|further\s+)?[a-z]+ing\b"
)
# The writer weighing possibilities ("there were two possible interpretations of events",
# "Two possibilities if he can't be swayed are ...", "a stark choice between two paths").
_POSSIBILITIES = re.compile(
    r"\b(?:two|three|four|several|many|both)\s+(?:possible\s+[a-z]+|possibilities|interpretations"
    r"|scenarios|paths)\b|\bpossibilities\b",
    re.IGNORECASE,
)
# An appeal to the reader: a request is no statement.
_APPEAL = re.compile(r"\b(?:[Pp]lease|in\s+lieu\s+of)\b")
_QUOTATION = re.compile(r"“[^”]*”?|\"[^\"]*\"?|(?:''|``).*?(?:''|$)|‘[^’]*’")


def _judging(word: str) -> bool:
    if word in _JUDGING_WORDS:
        return True
    if word[:6] not in _STEM_HEADS:
        return False  # the usual case, in one look-up
    return any(
        word.startswith(stem) and len(word) >= len(stem) + extra for stem, extra in _JUDGING_STEMS
    )


def quotations_blanked(body: str) -> str:
    """The sentence with its quotations (someone else's words) blanked, offsets kept."""
    return _QUOTATION.sub(lambda m: " " * len(m.group()), body)


@lru_cache(maxsize=256)
def judgements(body: str) -> frozenset[str]:
    """The distinct judging words of a sentence outside its quotations (someone else's words),
    in lower case; a capitalised word inside the sentence is a name ("the Virginia Conservation
    Legacy Fund"), not a judgement. Remembered for the last few sentences (the statement model
    asks again)."""
    plain = quotations_blanked(body)
    found: set[str] = set()
    words = [(m, m.group().lower()) for m in _WORDS.finditer(plain)]
    lowered = {word for _, word in words}
    matches = [m for m, word in words if _judging(word)]
    matches.extend(_JUDGING_PHRASE.finditer(plain))
    if not _VERDICT_NOUNS.isdisjoint(lowered):
        matches.extend(_VERDICT.finditer(plain))
    for match in matches:
        word = match.group()
        if word[0].isupper() and plain[: match.start()].strip(" \"“‘'(["):
            continue
        if word.lower() == "would" and _PLANNER.search(plain, 0, match.start()):
            continue
        found.add(word.lower())
    found.update(m.group().lower() for m in _PREDICATE.finditer(plain))
    conditional = _IF_WILL.search(plain) if "if" in lowered else None
    if conditional:
        will = conditional.start("after") if conditional.group("after") else conditional.start()
        if not _NAMED_PLANNER.search(plain, 0, will):
            found.add("if … will")
    return frozenset(found)


def hard_figure(body: str, *, title: bool = False) -> bool:
    """Whether a sentence holds a figure; in a headline in title case (``title``) every word is
    capitalised, so a number after a capitalised word is no name ("Kasich Scores All 66")."""
    if _HARD_FIGURE.search(body):
        return True
    for match in _NUMBER.finditer(body):
        if title:
            return True
        before = body[: match.start()]
        name = _NAME_BEFORE.search(before)
        if name is None or not before[: name.start()].strip():
            return True  # a number that follows no name inside the sentence, nor a comma
    return False


def soft_figures(body: str) -> bool:
    """Whether a sentence counts something in words or gives a span of time in digits, other
    than what it points back at."""
    references = [m.span() for m in _REFERENCE.finditer(body)]
    return any(
        not any(start < m.end() and m.start() < end for start, end in references)
        for m in _SOFT_FIGURE.finditer(body)
    )


def is_title_case(body: str) -> bool:
    """Whether a sentence is a headline in title case ("Post-9/11 Rebuilding Isn't The Only
    Reason Hedge Funds Support Hillary Clinton"): capitals on all its words but the small ones,
    of which there are at least four; not a list of names."""
    if body.count(",") >= 3:
        return False  # a list of names ("Iowa: Tim Albrecht, Brad Anderson, Rob Barron, ...")
    found = _TITLE_WORDS.finditer(body)
    next(found, None)  # the first word is capitalised in any sentence
    words = 0
    for match in found:  # most sentences end this at their second or third word
        word = match.group()
        if word.lower() in _SMALL_WORDS:
            continue
        if not word[0].isupper():
            return False
        words += 1
    return words >= 4


def main_clause(body: str) -> str:
    """The sentence after a leading phrase or subordinate clause ("Though he has lost most
    states, Indiana appears to be a break", "Now, armed with $7 million, he's poised to"), cut
    at the lead's first comma; the whole sentence when it opens with none."""
    lead = _LEAD.match(body)
    return body[lead.end() :] if lead and not _FIRST_TIME.match(body, lead.start()) else body


def reporting_part(body: str) -> str:
    """Where a source must stand to anchor a sentence: not in a relative clause that ends it
    when the judgement is outside that clause ("The problem is finding the legal basis ...,
    which he estimates will not expire"); anywhere when the clause holds the judgement too
    ("faced critics, who argued that it would draw a new line")."""
    relative = _TRAILING_RELATIVE.search(body)
    if relative and judgements(body[: relative.start()]):
        return body[: relative.start()]
    return body


def reports_source(body: str) -> bool:
    """Whether a sentence reports someone's words or findings ("said", "according to", "a
    poll found")."""
    return _SOURCE.search(body) is not None


def is_writers_frame(body: str) -> bool:
    """Whether a sentence is the writer's signpost, list introduction, markup scrap, judging
    frame, reading or conditional (see ``_OPENING`` ... ``_POSSIBILITIES``): no statement, whatever
    figure it holds, unless it reports someone's words."""
    if "=" in body and _MARKUP.search(body):
        return True  # 'poster="http://..."': a scrap of the page, not of the text
    plain = quotations_blanked(body) if any(q in body for q in ('"', "“", "'", "‘", "`")) else body
    # Each pattern is tried only when a word it needs is there: the same answers, faster.
    framed = (
        _OPENING.match(plain) is not None
        or (":" in plain and _LIST_INTRO.search(plain) is not None)
        or (("raise" in plain or " seen " in plain) and _READING.search(plain) is not None)
        or (
            any(part in plain for part in ("ossib", "nterpret", "cenario", "aths"))
            and _POSSIBILITIES.search(plain) is not None
        )
    )
    return framed and not reports_source(body)


def is_unanchored_judgement(body: str) -> bool:
    """Whether a sentence judges and holds nothing a reader could check it against.

    A figure or a reported source anchors any sentence; a concrete event or a small count
    anchors one judging word, not two ("Most have invested heavily ..., but their collective
    performance in Iowa was dismal at best"). When the main clause judges, what anchors it must
    be in it, not in a leading phrase that only supports it ("While candidates are vowing to
    bring back millions of jobs, public sentiment reflects core challenges"), unless that
    phrase says whose words they are ("As the report put it, ..."); when a sentence judges
    outside its asides, a figure or an event in them does not anchor it (a source does).
    An appeal, a pointer to a link, a credit line and a teaser headline in title case are no
    statements either (see the module's docstring).
    """
    if ("lease" in body or "lieu" in body) and _APPEAL.search(_QUOTATION.sub(" ", body)):
        return True  # "In lieu of flowers, please send contributions": asks, states nothing
    if (":" in body and _POINTER.search(body)) or _CREDITS.match(body):
        return True  # "A summary of the results is here: http://...", "Story by ..."
    if is_title_case(body):
        return not hard_figure(_TEASER.sub(" ", body), title=True)
    if is_writers_frame(body):
        return True
    judged = judgements(body)
    if not judged:
        return False
    asides = ""
    if "(" in body or "—" in body or "–" in body or " - " in body:
        asides = " ".join(m.group() for m in _ASIDE.finditer(body))
    bare = _ASIDE.sub(" ", body) if asides else body
    main = main_clause(bare)
    if main is not bare and not _ATTRIBUTION.match(bare):
        judged_main = judgements(main)
        if judged_main:  # else the judgement is in the lead only: anything anchors it
            body, judged = main, judged_main
    elif bare is not body:
        judged_bare = judgements(bare)
        if judged_bare:
            body, judged = bare, judged_bare
    if hard_figure(body) or _SOURCE.search(reporting_part(body)) or _SOURCE.search(asides):
        return False
    return len(judged) >= 2 or not (_EVENT.search(body) or soft_figures(body))


# Told where their matches can start (``regex_shape.quick``): the same matches, found faster
# (the figure, source and judgement patterns are tried on every statement candidate).
_HARD_FIGURE = quick(_HARD_FIGURE)
_NUMBER = quick(_NUMBER)
_SOFT_FIGURE = quick(_SOFT_FIGURE)
_REFERENCE = quick(_REFERENCE)
_SOURCE = quick(_SOURCE)
_EVENT = quick(_EVENT)
_JUDGING_PHRASE = quick(_JUDGING_PHRASE)
_IF_WILL = quick(_IF_WILL)
_MARKUP = quick(_MARKUP)
_READING = quick(_READING)
_POSSIBILITIES = quick(_POSSIBILITIES)
