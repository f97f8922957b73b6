"""Archetype products for the memo and draft tests: the CAR-T, cartilage TEP, stem-cell graft,
amniotic membrane and hospital MSC products a consultant tried the memo on (issue 13)."""

from tests.products import CAR_T, CHONDROCYTES, HSC

GENE_THERAPY = {
    "schema_version": "1",
    "product": {
        "name": "CAR-T 19",
        "indication": "Relapsed DLBCL",
        "description": "Autologous anti-CD19 CAR-T cells.",
    },
    "answers": {**CAR_T, "us_excluded_article": "none", "development_stage": "phase_1"},
}
COMBINED_TEP = {
    "schema_version": "1",
    "product": {"name": "ChondroMem", "indication": "Cartilage defects of the knee"},
    "answers": dict(CHONDROCYTES),
}
NOT_ATMP = {
    "schema_version": "1",
    "product": {"name": "HSC graft", "indication": "Haematopoietic reconstitution"},
    "answers": dict(HSC),
}
# Dehydrated amniotic membrane as a wound covering: tissues and cells rules in the EU, and the
# 361 HCT/P question (minimal manipulation, homologous use) in the US.
AMNIOTIC_MEMBRANE = {
    "schema_version": "1",
    "product": {"name": "AmnioCover", "indication": "Chronic wounds", "sponsor": "Placenta Labs"},
    "answers": {
        **HSC,
        "us_excluded_article": "none",
        "cells_viable": "non_viable",
        "non_viable_cells_act_pim": False,
        "manipulations": ["cutting", "lyophilisation", "sterilisation"],
        "us_tissue_type": "structural",
        "us_minimally_manipulated": True,
        "us_homologous_use": True,
        "us_combined_with_other_article": False,
        "us_systemic_or_metabolic": False,
        "eu_prevalence_per_10000": 3.0,
        "us_patients": 30000,
    },
}
# Expanded mesenchymal stromal cells prepared by a German hospital for its own patients.
HOSPITAL_MSC = {
    "schema_version": "1",
    "product": {"name": "MSC-Hosp", "indication": "Steroid-refractory acute GvHD", "sponsor": "Uniklinik Nord"},
    "answers": {
        **HSC,
        "goals": ["hospital_exemption"],
        "manipulations": ["expansion"],
        "same_essential_function": False,
        "intended_purpose": "pharmacological_immunological_metabolic",
        "he_member_state": "DE",
        "he_non_routine": True,
        "he_specific_quality_standards": True,
        "he_used_in_same_member_state": True,
        "he_used_in_hospital": True,
        "he_physician_exclusive_responsibility": True,
        "he_individual_prescription": True,
        "he_custom_made_for_individual_patient": True,
    },
}
ARCHETYPES = {
    "gene_therapy": (GENE_THERAPY, "Gene therapy medicinal product (GTMP)", "Directive 2001/83/EC"),
    "combined_tep": (COMBINED_TEP, "Tissue-engineered product (TEP), combined ATMP", "Art 2(1)(d)"),
    "not_atmp": (NOT_ATMP, "Not an advanced therapy medicinal product", "Directive 2004/23/EC"),
    "amniotic_membrane": (AMNIOTIC_MEMBRANE, "Not an advanced therapy medicinal product", "Directive 2004/23/EC"),
    "hospital_msc": (HOSPITAL_MSC, "Somatic cell therapy medicinal product (sCTMP)", "Regulation (EC) No 1394/2007"),
}
