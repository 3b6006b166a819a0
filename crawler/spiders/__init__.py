"""The nianbao spiders."""
