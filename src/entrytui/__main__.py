from entrytui.cli import main

raise SystemExit(main())
