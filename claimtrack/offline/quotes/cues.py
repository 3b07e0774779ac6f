"""Cue words of quotes: reporting verbs, and the small words that tell a speaker from what stands
near one (pronouns, determiners, prepositions, titles, abbreviations)."""

from __future__ import annotations

import re

from claimtrack.regex_shape import quick

# Reporting verbs. Finite forms can follow their subject ("Doe said"); the "-ing" forms take the
# subject of their clause ("…, adding"). Present forms that are mostly nouns ("states",
# "reports", "claims", "comments") are left out: "the United States" is not a cue. Where a noun
# is read as a verb anyway ("his notes", "the calls") no speaker stands where its subject would,
# and the verb gives no attribution ("what he calls the “cartel”" does).
_FINITE = """
said says say told tells tell added adds declared declares stated asked asks explained explains
noted notes wrote writes warned warns insisted insists argued argues claimed announced announces
replied replies responded responds continued continues recalled recalls acknowledged
acknowledges admitted admits conceded concedes urged urges stressed stresses emphasized
emphasizes emphasised observed remarked complained complains predicted predicts vowed vows
promised tweeted posted commented suggested suggests described describes called cautioned
concluded concludes confirmed confirms denied denies estimated reported testified shouted yelled
whispered joked jokes boasted boasts quipped quips demanded pledged pledges praised praises
apologized apologised charged opined opines assured assures mused muses lamented laments
proclaimed proclaims maintained maintains contended contends asserted asserts reiterated
reiterates recounted recounts remembered countered retorted scoffed snapped interjected
exclaimed groused griped fumed screamed cried pleaded wondered wonders speculated advised
disclosed revealed reveals confided bragged brags crowed teased mocked mocks labeled labelled
dubbed termed chanted touted touts hailed hails blasted blasts slammed slams accused accuses
criticized criticised decried denounced denounces dismissed dismisses defended defends pondered
sighed laughed agreed agrees objected protested reasoned alleged alleges bemoaned clarified
confessed elaborated hinted implied mentioned muttered repeated repeats reminded swore
threatened threatens underscored characterized characterised branded questioned thundered
released underlined underlines
bellowed sniped jabbed gushed raved conceded predicted cheered calls attacked attacks sings
sang chided chides scolded ripped rips knocked lambasted skewered assailed assails derided
ridiculed taunted panned rebuked castigated excoriated heralded portrayed portrays coined
believes believed thinks hopes hoped fears feared worries worried cited cites quoted quotes
barked growled snarled hissed roared gasped groaned stammered sputtered intoned deadpanned
marveled marvelled reflected volunteered answered interrupted credited thanked blamed blames
commended applauded congratulated welcomed cheered
argue insist warn explain write declare acknowledge admit concede urge stress emphasize
complain predict suggest describe confirm deny recall recount reiterate insist maintain contend
assert mention repeat reveal disclose dismiss denounce decry criticize accuse defend agree
characterize call
reads read
"""
_PARTICIPLES = """
saying telling adding declaring stating asking explaining noting writing warning insisting
arguing claiming announcing replying responding continuing recalling acknowledging admitting
conceding urging stressing emphasizing emphasising observing remarking complaining predicting
vowing promising tweeting posting commenting suggesting describing calling cautioning
concluding confirming denying estimating reporting testifying shouting yelling joking boasting
quipping demanding pledging praising charging assuring musing lamenting proclaiming maintaining
contending asserting reiterating recounting remembering countering retorting exclaiming
pleading wondering speculating revealing bragging labeling labelling dubbing terming chanting
touting hailing blasting slamming accusing criticizing criticising decrying denouncing
dismissing defending pondering agreeing alleging mentioning repeating reminding threatening
characterizing characterising branding questioning reading citing quoting praising
portraying chiding scolding ripping knocking lambasting mocking deriding ridiculing taunting
heralding
"""
# "went on" is a cue only when it goes on talking ("went on to say", "went on:"), not in "the
# Senate goes on recess".
_MULTIWORD = (
    r"pointed\s+out",
    r"points\s+out",
    r"(?:went|goes)\s+on(?=\s*[,:]|\s+to\s+(?:say|add|note|tell|write|argue|explain|call))",
    r"shot\s+back",
    r"(?:paid|pays|paying)\s+tribute\s+to",
    r"(?:make|makes|made|making)\s+(?:it\s+)?clear",
    # "spoke of “…”", "talked about “…”": not "As he spoke, the crowd …".
    r"(?:spoke|talked)(?=\s+(?:\w+ly\s+)?(?:of|about)\b)",
)
_FINITE_WORDS = frozenset(_FINITE.split())
# Verbs that come before their speaker ("…, said Leon"); others never do ("defended his client").
_INVERTING = frozenset(
    "said says added adds asked asks wrote writes continued explained noted recalled replied "
    "responded declared insisted argued remembered remarked observed commented quipped reads "
    "read".split()
)
# "read" and "reads" report words only when a document reads them ("“…,” reads the judge's
# statement", "The letter read: “…”"): a person who reads is reading someone else's words.
_READ = frozenset(("read", "reads"))
# What is written rather than said: its author (or owner) is the speaker ("Judge Doe's
# statement", "an ACME press release", "a memo by Senator Doe", "the account of the show").
_DOCUMENTS = frozenset(
    "statement statements release memo memorandum letter website site post tweet message email "
    "e-mail note blog document filing decree communique communiqué announcement notice "
    "transcript editorial column account page petition report ruling opinion piece video ad "
    "article op-ed essay memoir study".split()
)
# Titles followed by "of" and what they are of ("Secretary of State Jane Doe", "Director of
# Public Health Jane Doe"): that "of" does not start a phrase between a subject and its verb.
_TITLES_OF = frozenset(
    "Secretary Director Minister Head Chief Chairman Chairwoman Chair President Governor "
    "Commissioner Leader Speaker Mayor Member Attorney Chancellor Dean Ambassador General "
    "Editor Founder Administrator Surgeon Inspector Comptroller Controller Archbishop Bishop "
    "Duke Duchess Prince Princess King Queen Earl Lord Deputy Professor Minister Representative "
    "Envoy Coordinator Rapporteur".split()
)
_PARTICIPLE_WORDS = frozenset(_PARTICIPLES.split())


def _alternation(words: frozenset[str], extra: tuple[str, ...] = ()) -> str:
    # Longest first, so that "says" is tried before "say"; sorted, so the pattern is the same in
    # every process.
    return "|".join((*extra, *sorted(words, key=lambda w: (-len(w), w))))


CUES = rf"(?:{_alternation(_FINITE_WORDS | _PARTICIPLE_WORDS, _MULTIWORD)})"
# A cue is a whole word: not "so-called", not "Saying" in a title. (``quick`` groups the words
# by their first letter, "s(?:ays|ay)": the same matches, about four times faster.)
_CUE = quick(re.compile(rf"(?<![\w’'\-]){CUES}(?![\w’'\-])"))
# A quote signed after a dash: “…” ― Jane Doe.
_SIGNATURE = re.compile(r"\s*[―—–\-]+\s*(?P<name>[A-Z][^\n,;:!?“”\"]{1,60}?)\s*\.?\s*$")
# A transcript's speaker label opening the quoted words: "WALLACE: Let's start…".
_SPEAKER_LABEL = re.compile(r"(?P<label>[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+){0,3}):\s")
# A verb of saying that nobody does: "by refusing to say the words “radical Islam”".
_REFUSED = re.compile(
    r"(?<![\w’'])(?:refus\w*|declin\w*|fail\w*|not|never|reluctan\w*|unwilling)\s+to\s+$"
)
# A verb between a subject and the verb of saying: "they agreed to make clear", "went on to say".
_VERB_TO = frozenset(
    "agreed agree agrees wanted wants want sought seeks seek decided decides tried tries try "
    "moved moves vowed vows went goes go continued continues began begins planned plans "
    "hoped hopes".split()
)
# Reporting verbs tried, nearest first, for a quote inside a sentence: a verb whose subject is
# not a speaker ("his promise of “free college”") gives way to the one before it.
_CUES_TRIED = 3
_ACCORDING = re.compile(r"(?<![\w’'])(?:according|According)\s+to\s+")

_PRONOUNS = frozenset("he she they we i it you".split())
_OBJECT_PRONOUNS = frozenset("him her them us me".split())
_SUBORDINATORS = frozenset(
    "when while after before as since although though if because once until unless whereas".split()
)
_DETERMINERS = frozenset(
    "a an the one another some many several his her its their our my your this these those".split()
)
_PREPOSITIONS = frozenset(
    "of for at with from in on by to about into over under during through against without "
    "within upon via per among between near like toward towards across behind beyond".split()
)
# Words that end a noun phrase going backwards from a verb: conjunctions, relatives, auxiliaries.
_CLAUSE_WORDS = frozenset(
    "and but or nor that which who whom whose when while as because if after before since though "
    "although so then where than is was are were be been being has have had do does did will "
    "would can could should may might must not no also yet whether once until unless what how why "
    "there here".split()
)
# Between a subject and its verb: "Trump also said", "Doe has repeatedly said".
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    "also then later once has had have previously again recently reportedly flatly simply "
    "quickly immediately repeatedly publicly privately bluntly angrily just only never often even "
    "further still would will did does first last finally earlier subsequently jokingly "
    "tearfully quietly calmly loudly softly firmly sharply openly proudly ominously cheerfully "
    "allegedly".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow "
    "morning afternoon evening night week month year weekend earlier later recently".split()
)
# Heads of a definite description that name an outlet or a body ("the newspaper wrote").
_OUTLET_HEADS = frozenset(
    "newspaper paper daily publication outlet magazine network broadcaster channel station "
    "website site agency board ministry department company firm organization organisation "
    "group committee council commission".split()
)
# Words whose period ends no sentence: initials and acronyms ("J.", "U.S."), a party and state
# ("R-Ky."), titles, and the abbreviations of US states that news puts after a name.
_ABBREVIATION = re.compile(
    r"^(?:[A-Z]\.)+$|^[RDI]-[A-Z][\w.\-]*\.$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt"
    r"|Adm|Prof|Rev|Hon|Pres|Maj|Cpl|Jr|Sr|St|Mt|Ft|Del|Inc|Co|Corp|Ltd|Sept|No|Ala|Ariz|Ark"
    r"|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore"
    r"|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)\.$"
)
