"""Three archetype products for the memo tests."""

GENE_THERAPY = {
    "schema_version": "1",
    "product": {"name": "CAR-T 19", "indication": "Relapsed DLBCL", "description": "Autologous anti-CD19 CAR-T cells."},
    "answers": {
        "medicinal_purpose": True, "nucleic_acid": "recombinant", "nucleic_acid_acts_on_genetic_sequence": True,
        "transgene_role": "therapeutic", "genome_editing": False, "infectious_disease_vaccine": False,
        "contains_cells_or_tissues": True, "cells_nucleated": True, "cell_origin": "autologous",
        "cells_viable": "viable", "manipulations": ["genetic_modification", "expansion"],
        "same_essential_function": False, "intended_purpose": "pharmacological_immunological_metabolic",
        "integral_medical_device": False, "us_excluded_article": "none",
    },
}
COMBINED_TEP = {
    "schema_version": "1",
    "product": {"name": "ChondroMem", "indication": "Cartilage defects of the knee"},
    "answers": {
        "medicinal_purpose": True, "nucleic_acid": "none", "genome_editing": False,
        "contains_cells_or_tissues": True, "cells_nucleated": True, "cell_origin": "autologous",
        "cells_viable": "viable", "manipulations": ["enzymatic_digestion", "expansion"],
        "same_essential_function": True, "intended_purpose": "regenerate_repair_replace",
        "integral_medical_device": True,
    },
}
NOT_ATMP = {
    "schema_version": "1",
    "product": {"name": "HSC graft", "indication": "Haematopoietic reconstitution"},
    "answers": {
        "medicinal_purpose": True, "nucleic_acid": "none", "genome_editing": False,
        "contains_cells_or_tissues": True, "cells_nucleated": True, "cell_origin": "allogeneic",
        "cells_viable": "viable", "manipulations": ["cell_separation", "cryopreservation"],
        "same_essential_function": True, "intended_purpose": "regenerate_repair_replace",
        "integral_medical_device": False,
    },
}
ARCHETYPES = {
    "gene_therapy": (GENE_THERAPY, "Gene therapy medicinal product (GTMP)", "Directive 2001/83/EC"),
    "combined_tep": (COMBINED_TEP, "Tissue-engineered product (TEP), combined ATMP", "Art 2(1)(d)"),
    "not_atmp": (NOT_ATMP, "Not an advanced therapy medicinal product", "Directive 2004/23/EC"),
}
