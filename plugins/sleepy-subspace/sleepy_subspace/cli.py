"""`sleepy packs list|show|export|install`: coefficient packs on the command line (docs/subspace.md,
"Coefficient packs"). Imported when the CLI is built, so it imports no torch: the commands that read tensors
import `sleepy_subspace.packs` when they run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from sleepy import AdapterRegistry, RunDirectory, run_dir_option
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.pack_info import Lineage
from sleepy_subspace.pack_store import STORE_ENV, PackEntry, default_store, discover, find


def _store_option(fn: Any) -> Any:
    return click.option("--store", type=click.Path(file_okay=False, path_type=Path), envvar=STORE_ENV,
                        show_envvar=True, default=None,
                        help="The local pack store (default: packs under the sleepy cache, "
                             "~/.cache/sleepy-coder/packs).")(fn)


def _entry_json(entry: PackEntry) -> dict[str, Any]:
    return {"name": entry.name, "source": entry.source, "distribution": entry.distribution, "path": str(entry.path),
            "error": entry.error, "pack": entry.info.to_json() if entry.info is not None else None}


def _list_command() -> click.Command:
    @click.command("list")
    @_store_option
    @click.option("--json", "as_json", is_flag=True, help="One JSON array (name, source, path, pack.json).")
    def list_packs(store: Path | None, as_json: bool) -> None:
        """Packs in the local store and in installed packages (entry point group sleepy.packs)."""
        root = store or default_store()
        entries = discover(root)
        if as_json:
            click.echo(json.dumps([_entry_json(e) for e in entries], indent=2, sort_keys=True))
            return
        if not entries:
            click.echo(f"no packs (local store {root}; none installed)")
            return
        for entry in entries:
            if entry.info is None:
                click.echo(f"{entry.name}  {entry.describe_source()}  unreadable: {entry.error}")
                continue
            info = entry.info
            click.echo(f"{info.name}  {entry.describe_source()}  {info.skills} skill(s), r {info.r}, "
                       f"{len(info.modules)} modules, basis {info.basis_sha256[:12]}, {info.base_model.name}"
                       + (f"  {info.description}" if info.description else ""))

    return list_packs


def _show_command() -> click.Command:
    @click.command("show")
    @_store_option
    @click.argument("name")
    @click.option("--json", "as_json", is_flag=True, help="pack.json with where the pack was found.")
    def show(store: Path | None, name: str, as_json: bool) -> None:
        """One pack's record: basis, base model, modules, k, r, lineage."""
        entry = find(name, store or default_store())
        assert entry.info is not None
        if as_json:
            click.echo(json.dumps(_entry_json(entry), indent=2, sort_keys=True))
            return
        info, lineage = entry.info, entry.info.lineage
        ks = sorted({f"{a}/{b}" for a, b in info.k.values()})
        kinds = ", ".join(sorted({m.rsplit(".", 1)[-1] for m in info.modules}))
        for label, value in (("name", info.name), ("source", entry.describe_source()), ("path", entry.path),
                             ("description", info.description or "-"), ("strategy", info.strategy),
                             ("base model", info.base_model.describe()),
                             ("basis", f"sha256 {info.basis_sha256}, version {info.basis_version}"),
                             ("modules", f"{len(info.modules)} ({kinds})"),
                             ("k (alpha/beta)", ", ".join(ks)), ("r", info.r), ("skills", info.skills),
                             ("datasets", ", ".join(h or "-" for h in lineage.dataset_hashes) or "-"),
                             ("run / adapter / cycle", f"{lineage.run_id or '-'} / {lineage.adapter_id or '-'} / "
                                                       f"{lineage.cycle if lineage.cycle is not None else '-'}"),
                             ("families", ", ".join(lineage.families) or "-"),
                             ("tasks", ", ".join(lineage.tasks) or "-"), ("created", info.created)):
            click.echo(f"{label}: {value}")

    return show


def _export_command() -> click.Command:
    @click.command("export")
    @_store_option
    @click.argument("pack", required=False)
    @run_dir_option
    @click.option("--adapter", "adapter_id", help="From a run: the adapter whose subspace state to cut the pack "
                                                  "from (default: the active one).")
    @click.option("--name", help="From a run: the new pack's name.")
    @click.option("--skill", "skills", type=int, multiple=True,
                  help="From a run: a skill (1 = oldest) to include; repeatable (default: every skill).")
    @click.option("--description", default="", help="From a run: what the pack holds.")
    @click.option("--family", "families", multiple=True, help="From a run: an error family it was trained on.")
    @click.option("--task", "tasks", multiple=True, help="From a run: a task it was trained on.")
    @click.option("--to", "to", help="From a run: a directory for a self-contained pack (default: into the "
                                     "local store). With PACK: 'peft'.")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                  help="With PACK --to peft: the PEFT LoRA adapter directory to write.")
    @click.option("--replace", is_flag=True, help="From a run: replace a pack of the same name (in the store, or at "
                                                  "--to).")
    def export(store: Path | None, pack: str | None, run_dir: Path, adapter_id: str | None, name: str | None,
               skills: tuple[int, ...], description: str, families: tuple[str, ...], tasks: tuple[str, ...],
               to: str | None, out: Path | None, replace: bool) -> None:
        """`export --run-dir DIR [--adapter ID] --name NAME [--to DIR]`: a pack from a subspace adapter's state.
        `export PACK --to peft --out DIR`: the pack materialized as a standard PEFT LoRA adapter."""
        root = store or default_store()
        if pack is not None:
            if name is not None:
                raise SubspaceError("packs export: give PACK (to export it) or --name (to make one from a run), "
                                    "not both")
            _export_peft(pack, root, to, out)
        elif name is None:
            raise SubspaceError("packs export: expected PACK --to peft --out DIR, or --run-dir DIR --name NAME")
        else:
            _export_from_run(root, run_dir, adapter_id, name, skills, description, families, tasks, to, replace)

    return export


def _export_peft(name: str, store: Path, to: str | None, out: Path | None) -> None:
    if to != "peft":
        raise SubspaceError(f"packs export {name}: --to is {to!r}; expected 'peft' (a PEFT LoRA adapter)")
    if out is None:
        raise SubspaceError(f"packs export {name} --to peft: --out DIR is required")
    from sleepy_subspace.packs import export_peft, load_pack

    entry = find(name, store)
    pack, basis = load_pack(entry.path, store=store)
    adapter = export_peft(pack, basis, out)
    click.echo(f"pack {name}: PEFT LoRA adapter (r {adapter.rank}, {len(pack.info.modules)} modules, base model "
               f"{pack.info.base_model.name}) written to {out}")


def _export_from_run(store: Path, run_dir: Path, adapter_id: str | None, name: str, skills: tuple[int, ...],
                     description: str, families: tuple[str, ...], tasks: tuple[str, ...], to: str | None,
                     replace: bool) -> None:
    directory = RunDirectory(run_dir)
    registry = AdapterRegistry(directory.adapters, directory.open_store())
    record = registry.get(adapter_id) if adapter_id else registry.active()
    if record is None:
        raise SubspaceError(f"{run_dir}: no active adapter; expected --adapter ID")
    from sleepy_subspace.packs import add_to_store, pack_from_adapter, write_pack

    lineage = Lineage(run_id=record.run_id, adapter_id=record.id, cycle=record.cycle, families=families,
                      tasks=tasks)
    pack, basis = pack_from_adapter(record.path, name=name, description=description, skills=skills or None,
                                    lineage=lineage)
    if to is None:
        target = add_to_store(pack, basis, store, replace=replace)
    else:  # a self-contained pack: it carries its basis
        target = write_pack(Path(to), pack, basis, replace=replace)
    click.echo(f"pack {name}: {pack.info.skills} skill(s) of adapter {record.id}, basis "
               f"{pack.info.basis_sha256[:12]}, written to {target}")


def _install_command() -> click.Command:
    @click.command("install")
    @_store_option
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--replace", is_flag=True, help="Replace an installed pack of the same name.")
    def install(store: Path | None, path: Path, replace: bool) -> None:
        """Verify a pack directory (hashes, basis, shapes) and copy it into the local store."""
        from sleepy_subspace.packs import install_pack

        target = install_pack(path, store or default_store(), replace=replace)
        click.echo(f"installed {path} as {target}")

    return install


def packs_group() -> click.Group:
    """A fresh `packs` group (built per CLI, so nothing is registered at import time)."""
    group = click.Group("packs", help="Coefficient packs: skills as coefficients in a shared basis "
                                      "(sleepy-subspace).")
    for command in (_list_command(), _show_command(), _export_command(), _install_command()):
        group.add_command(command)
    return group
