"""Answer sets of archetype products, shared by the engine, wizard, browser, pathway and export tests.

Each is the ``answers`` object of an answers document (answers.schema.json v1); tests extend them with
``{**CAR_T, ...}`` instead of writing their own copy.
"""

# Autologous anti-CD19 CAR-T cells: GTMP in the EU, 351 biologic in the US.
CAR_T = {
    "medicinal_purpose": True,
    "nucleic_acid": "recombinant",
    "nucleic_acid_acts_on_genetic_sequence": True,
    "transgene_role": "therapeutic",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": True,
    "cells_nucleated": True,
    "cell_origin": "autologous",
    "cells_viable": "viable",
    "manipulations": ["genetic_modification", "expansion", "activation"],
    "same_essential_function": False,
    "intended_purpose": "pharmacological_immunological_metabolic",
    "integral_medical_device": False,
}

# Autologous chondrocytes expanded on a membrane: a combined TEP in the EU.
CHONDROCYTES = {
    "medicinal_purpose": True,
    "nucleic_acid": "none",
    "genome_editing": False,
    "contains_cells_or_tissues": True,
    "cells_nucleated": True,
    "cell_origin": "autologous",
    "cells_viable": "viable",
    "manipulations": ["enzymatic_digestion", "expansion"],
    "same_essential_function": True,
    "intended_purpose": "regenerate_repair_replace",
    "integral_medical_device": True,
}

# Allogeneic haematopoietic stem-cell graft: not an ATMP (tissues and cells rules in the EU).
HSC = {
    "medicinal_purpose": True,
    "nucleic_acid": "none",
    "genome_editing": False,
    "contains_cells_or_tissues": True,
    "cells_nucleated": True,
    "cell_origin": "allogeneic",
    "cells_viable": "viable",
    "manipulations": ["cell_separation", "cryopreservation"],
    "same_essential_function": True,
    "intended_purpose": "regenerate_repair_replace",
    "integral_medical_device": False,
}
