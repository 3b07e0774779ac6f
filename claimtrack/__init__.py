"""claimtrack."""
