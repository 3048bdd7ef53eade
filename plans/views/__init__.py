"""Pages of the Strategic Careers Plan, split by what they work on."""
