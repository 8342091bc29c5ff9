"""The pure core of cirkular: domain logic and content, without Django."""
