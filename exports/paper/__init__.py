"""Printed paper forms (PDF): the form's layout and the areas each answer is keyed from."""
