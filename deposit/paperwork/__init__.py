"""The depositor's paperwork: licence schedule, ReShare record sheet, intake summary (command.py)."""
