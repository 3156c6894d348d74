"""The ``hisops`` command: the product's verbs, each a Django management command."""

import os
import sys

USAGE = """\
usage: hisops COMMAND [options]       (hisops COMMAND --help for each)

  init        migrate, load reference data, create the first admin (safe to run twice)
  demo        init, load the demo hospital, then serve
  serve       serve the web UI and API (embedded mode also runs background work)
  worker      production background worker (Celery worker + beat; needs REDIS_URL)
  hospital    hospital create CODE --name NAME [--level 3A]
  user        user create USERNAME --role ROLE --hospital CODE [--vendor CODE] [--password PW]
  token       token create USERNAME
  import      import catalog FILE [--hospital CODE] [--dry-run]
  export      export catalog FILE [--hospital CODE]
  hooks       hooks create --hospital CODE --kind alertmanager|zabbix|grafana|generic [--name NAME]
  contracts   contracts templates | load-template ...
  calendar    calendar import-holidays FILE | deadline --calendar CODE --start ISO --duration N --unit U
  bench       bench catalog|deadlines|tickets ...
  search      search reindex [--kind KIND]: rebuild the search index (a progress bar)
  audit       audit verify: recompute the audit log's hash chains (exit 1 at the first broken row)
  keys        keys status | rotate [--retire]: the SM4 keys that encrypt data at rest
  backup      backup DIR [--encrypt]: database and uploaded files, SHA-256 checksums, sealed
  restore     restore DIR: verify a backup's checksums, then put it back

Any other Django management command (migrate, shell, createsuperuser, ...) works too.
Each command run is recorded in the audit log with the OS user and host.
Environment: HISOPS_HOME, DATABASE_URL, REDIS_URL, HISOPS_SECRET_KEY.
"""

# Python keywords cannot name a management command module.
ALIASES = {"import": "importdata", "export": "exportdata"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        sys.exit(0 if argv else 2)
    if argv[0] in {"--version", "version"}:
        from hisops import __version__

        print(__version__)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hisops.config.settings")
    from django.core.management import execute_from_command_line

    from hisops.ops.commandline import command_record

    try:
        execute_from_command_line(["hisops", ALIASES.get(argv[0], argv[0]), *argv[1:]])
    except SystemExit as exit:
        command_record(argv, ok=not exit.code)
        raise
    except KeyboardInterrupt:  # how a server's operator stops ``serve`` or ``worker``
        command_record(argv, ok=True)
        raise
    except BaseException:
        command_record(argv, ok=False)
        raise
    command_record(argv, ok=True)


if __name__ == "__main__":
    main()
