"""The level each warning sign must reach at least, pinned here independently of the data files.

A change to red_flags.toml that lowers any of these fails the tests: lowering a level is a
medical decision that has to be made on purpose, here, with its source.
"""

from __future__ import annotations

from twitchwise.domain.assessment import TriageLevel
from twitchwise.domain.episodes import Symptom

S, L = Symptom, TriageLevel

MINIMUM_LEVEL: dict[Symptom, TriageLevel] = {
    S.WEAKNESS: L.SEE_DOCTOR,
    S.NUMBNESS: L.SEE_DOCTOR,
    S.TINGLING: L.SEE_DOCTOR,
    S.MUSCLE_WASTING: L.SEE_DOCTOR,
    S.SPREADING: L.SEE_DOCTOR,
    S.DIFFICULTY_SWALLOWING: L.URGENT,
    S.DIFFICULTY_SPEAKING: L.EMERGENCY,
    S.DIFFICULTY_BREATHING: L.EMERGENCY,
    S.DARK_URINE: L.URGENT,
    S.SEVERE_PAIN: L.SEE_DOCTOR,
    S.ONE_SIDED_WEAKNESS: L.EMERGENCY,
    S.CONFUSION: L.EMERGENCY,
    # Lowered on purpose (MEDICAL-AUDIT finding 15): a fever alone, and palpitations alone, ask for
    # a doctor (NHS heart palpitations: usually harmless, see a GP if they go on); their companions
    # raise them (fever with a stiff neck or confusion: emergency; with rigid muscles or on a
    # serotonergic medicine: urgent; palpitations with chest pain, breathlessness or fainting:
    # emergency; after vomiting or diarrhoea or on a water tablet: urgent).
    S.FEVER: L.SEE_DOCTOR,
    S.STIFF_NECK: L.SEE_DOCTOR,
    S.INTERFERES_DAILY_LIFE: L.SEE_DOCTOR,
    S.NEW_MEDICATION: L.SEE_DOCTOR,
    S.SADDLE_NUMBNESS: L.EMERGENCY,
    S.BLADDER_BOWEL_CHANGE: L.EMERGENCY,
    S.PALPITATIONS: L.SEE_DOCTOR,
    S.TINGLING_AROUND_MOUTH: L.URGENT,
    # Added with the reading of people's own words (NHS DVT, palpitations, fainting, seizure,
    # sciatica, heat exhaustion, tetanus, dehydration, poisoning; MedlinePlus alcohol withdrawal;
    # the lithium SmPC; MND for a gradual change of speech).
    S.LEG_SWELLING_ONE_SIDE: L.URGENT,
    S.CHEST_PAIN: L.EMERGENCY,
    S.FAINTING: L.EMERGENCY,
    S.SEIZURE: L.EMERGENCY,
    S.BOTH_LEGS_WEAK_OR_NUMB: L.EMERGENCY,
    S.NOT_BETTER_AFTER_COOLING: L.EMERGENCY,
    S.RECENT_WOUND: L.URGENT,
    S.LITTLE_URINE: L.URGENT,
    S.DIZZINESS: L.SEE_DOCTOR,
    S.SPEECH_CHANGE_GRADUAL: L.SEE_DOCTOR,
    S.VOMITING_OR_DIARRHOEA: L.SEE_DOCTOR,
    S.TREMOR: L.SEE_DOCTOR,
    S.UNSTEADY: L.SEE_DOCTOR,
    S.HALLUCINATIONS: L.URGENT,
    S.STOPPED_HEAVY_DRINKING: L.URGENT,
    S.AGITATION: L.SEE_DOCTOR,
    S.MUSCLE_RIGIDITY: L.SEE_DOCTOR,
    S.CALF_PAIN_ON_WALKING: L.URGENT,
    S.POISON_OR_TOXIN: L.URGENT,
}
