"""Export bundles for the party office and their import (office side)."""
