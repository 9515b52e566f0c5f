from sleepy.cli import main

main()
