from deposit.cli import main

raise SystemExit(main())
