pytest_plugins = ["sleepy.testing"]
