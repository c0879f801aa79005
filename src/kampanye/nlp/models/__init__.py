"""Trained model files shipped inside the package (.npz, read without pickle)."""
