"""Service evaluations: a service's own referral records, imported and read back as the
records frame ``analysis.service`` measures."""
