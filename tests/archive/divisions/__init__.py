"""Tests of archive/divisions."""
