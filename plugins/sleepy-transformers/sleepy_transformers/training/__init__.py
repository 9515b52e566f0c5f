"""The LoRA trainer's parts: data, batches, LoRA hooks, checkpoints, output, and the loop that joins them.

Every module here imports torch; the plugin reaches them only through `sleepy_transformers.trainer`,
whose `LoraTrainer.consolidate` imports the loop when a sleep actually trains.
"""

__all__: list[str] = []
