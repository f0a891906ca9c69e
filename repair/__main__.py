from repair.cli import run

run()
