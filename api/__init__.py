"""The procurement service: FastAPI application, background runs and the commands that start them."""
