"""Care context: words that say something about a person's health or care.

Identifying details become patient information only next to care context
(spec §1 ``confidential.patient``), so this detector supplies the second half.
"""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.cues import CueDetector, cue

CONDITIONS = [
    "cancer", "tumour", "tumor", "leukaemia", "dementia", "alzheimer*", "stroke", "heart attack",
    "cardiac arrest", "diabetes", "diabetic", "epilep*", "seizure*", "asthma", "copd", "pneumonia",
    "sepsis", "covid", "long covid", "flu", "infection", "fracture*", "broken hip", "broken leg",
    "broken arm", "overdose*", "self-harm*", "self harm*", "suicid*", "depress*", "anxiety",
    "psychosis", "schizophren*", "bipolar", "eating disorder", "anorexi*", "bulimi*", "autis*",
    "adhd", "learning disabilit*", "down's syndrome", "downs syndrome", "cerebral palsy",
    "parkinson*", "motor neurone", "multiple sclerosis", "hiv", "aids", "hepatitis", "std", "sti",
    "chlamydia", "gonorrh*", "syphilis", "pregnan*", "miscarri*", "stillbirth", "termination",
    "abortion", "blind", "deaf", "frail", "frailty", "incontinen*", "wound*", "ulcer*", "burns",
    "head injury", "concussion", "mental health", "addiction", "alcoholi*", "withdrawal",
    "terminal*", "palliative", "end of life", "delirium", "confused", "memory problems",
    "kidney failure", "renal failure", "dialysis", "heart failure", "chest pain", "collapse*",
    "crash", "accident", "injur*", "illness", "diagnos*", "symptom*",
    "flapping", "stimming",
]
TREATMENTS = [
    "surgery", "operation", "tonsillectomy", "appendectomy", "hip replacement",
    "knee replacement", "chemo", "chemotherapy", "radiotherapy", "transplant", "amputation",
    "c-section", "caesarean", "dressing*", "stitches", "plaster", "ventilator",
    "life support", "resus*", "cpr", "intubat*", "medication", "meds", "insulin", "morphine",
    "antibiotics", "prescription", "therapy", "physio", "rehab", "scan", "x-ray", "mri", "biopsy",
    "blood test*", "treatment", "treated", "treating", "nursed", "procedure", "referral",
    "referred", "hospital appointment", "clinic appointment", "outpatient*", "memory clinic", "catheter*", "feeding tube",
]
ADMISSION = [
    "admitted", "admission", "brought in", "brought onto", "came in", "come in", "comes in",
    "blue-lighted", "blue lighted", "in a&e", "in resus", "on the ward", "in hospital",
    "in the hospital", "in bay", "in bed", "in side room", "side room", "in icu", "in itu",
    "in intensive care", "in critical care", "waiting for a bed", "on a trolley", "in cubicle",
    "triaged", "transferred to",
]
DISCHARGE = [
    "discharged", "discharge", "went home", "going home", "sent home", "reunited",
    "back home after",
]
DEATH = [
    "died", "passed away", "passed on", "death", "deceased", "rip", "lost her fight",
    "lost his fight", "lost their fight", "did not survive", "didn't survive", "pronounced dead",
    "end of life care",
]
CARE_ROLES = [
    "patient", "patients", "service user", "service users", "resident", "residents",
    "my lady", "my gentleman", "the gentleman", "the lady in", "the man in", "the woman in",
    "the lad in", "the girl in", "the boy in", "client", "clients",
]


class CareContextDetector(CueDetector):
    name: ClassVar[str] = "care_context"
    cues = {
        "care.condition": cue(CONDITIONS, 0.8, "names a health condition or event"),
        "care.treatment": cue(TREATMENTS, 0.8, "describes treatment or care"),
        "care.admission": cue(ADMISSION, 0.9, "describes an admission or stay in care"),
        "care.discharge": cue(DISCHARGE, 0.8, "describes a discharge"),
        "care.death": cue(DEATH, 0.9, "describes a death"),
        "care.role": cue(CARE_ROLES, 0.7, "refers to someone receiving care"),
    }
