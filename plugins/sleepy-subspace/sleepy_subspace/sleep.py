"""One sleep of a subspace strategy: train on the day's dataset, update the kept skills, publish a PEFT LoRA.

Imported only when a sleep runs (it imports torch and the `lora` trainer's loop). Every strategy:

1. borrows the backend's model (`sleepy_transformers.training.base.borrow_base_model`) and continues from
   the subspace state of the newest earlier adapter this strategy wrote (`sleepy_subspace.state`);
2. trains with the `lora` trainer's loop (`sleepy_transformers.training.loop.fit`): a plain LoRA
   (`train_lora`), or coefficients in a frozen basis (`SubspaceHooks`);
3. writes the published adapter exactly as the `lora` trainer does (`write_adapter`, `peft_config`,
   ``sleepy_adapter.json``), then its state under ``<adapter>/subspace``, then, when some skill was trained
   on some task families only (`route_by: family`), a PEFT adapter per family and ``routes.json``
   (`sleepy_subspace.family_routes`).

What each strategy does, and on its first sleep, is in docs/subspace.md ("The consolidators").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from sleepy_transformers.options import LoraOptions
from sleepy_transformers.training.base import BaseModel, borrow_base_model
from sleepy_transformers.training.loop import Fit, fit, fit_metadata, torch_threads, train_lora
from sleepy_transformers.training.lora import find_targets
from sleepy_transformers.training.output import peft_config, write_adapter

from sleepy import Backend, TrainingRequest, TrainingResult
from sleepy_subspace import basis as share_basis
from sleepy_subspace import uwsh
from sleepy_subspace.adapters import read_adapter
from sleepy_subspace.basis import LayerCoefficients
from sleepy_subspace.controls import mean_adapter, random_basis
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors, relative_error
from sleepy_subspace.families import directory_name, split_by_family
from sleepy_subspace.family_routes import write_family_routes
from sleepy_subspace.hooks import FrozenLoraHooks, SubspaceHooks, fresh
from sleepy_subspace.materialize import PeftLora, lora_tensors
from sleepy_subspace.olora import OrthogonalityPenalty, concatenate
from sleepy_subspace.options import MeanAdapterOptions, OloraOptions, RandomBasisOptions, ShareOptions, UwshOptions
from sleepy_subspace.state import Basis, Skill, SubspaceState, has_state, load_state, save_state, tensor_digest


def consolidate(strategy: str, request: TrainingRequest, backend: Backend, options: LoraOptions) -> TrainingResult:
    """Run one sleep of `strategy` (share, uwsh, olora, mean_adapter, random_basis)."""
    with torch_threads(options.threads), borrow_base_model(backend, options) as base:
        previous = previous_state(strategy, request.earlier_adapters)
        run = _STRATEGIES[strategy](request, options, base, previous)
        return _publish(strategy, request, options, base, run)


def previous_state(strategy: str, earlier: Sequence[Path]) -> SubspaceState | None:
    """The state in the newest earlier adapter `strategy` wrote (the registry lists promoted adapters oldest first)."""
    for path in reversed(earlier):
        if has_state(path, strategy):
            return load_state(path)
    return None


@attrs.frozen(eq=False)
class _Run:
    """What a strategy's sleep produced: the new state, the adapter to publish, and what to record."""

    state: SubspaceState
    published: dict[str, LoraFactors]  # per module path, scale folded
    fits: tuple[Fit, ...]
    notes: dict[str, Any]
    stages: tuple[str, ...] = ()  # what each fit trained, when a sleep trains per family (else left out)


def _publish(strategy: str, request: TrainingRequest, options: LoraOptions, base: BaseModel,
             run: _Run) -> TrainingResult:
    adapter: PeftLora = lora_tensors(run.published)
    layers = sorted(run.published)
    metadata = {
        "trainer": strategy,
        **fit_metadata(request, options, base, run.fits[-1]),
        "target_modules": list(adapter.target_modules),
        "adapted_layers": len(layers),
        "parent_adapter": None,
        "parent_adapter_sha256": None,
        "subspace": {**run.notes, "skills": len(run.state.skills), "published_rank": adapter.rank,
                     "basis": run.state.basis.record() if run.state.basis else None,
                     "training_runs": [{"steps": len(f.plan), "final_loss": f.run.losses[-1] if f.run.losses else None,
                                        **({"stage": stage} if stage else {})}
                                       for f, stage in zip(run.fits, run.stages or [None] * len(run.fits),
                                                           strict=True)]},
    }
    families = sorted({family for skill in run.state.skills for family in skill.families})
    if families:  # left out otherwise, so a sleep without routing writes what it wrote before
        metadata["subspace"]["routes"] = {"family": families}
    write_adapter(request.output_dir, adapter.tensors,
                  peft_config(rank=adapter.rank, alpha=adapter.lora_alpha, dropout=options.dropout,
                              target_modules=list(adapter.target_modules), base_model=base.name), metadata)
    save_state(request.output_dir, run.state)
    # after the published adapter, whose writer replaces the whole directory
    write_family_routes(request.output_dir, run.state, strategy=strategy, dropout=options.dropout,
                        metadata={"base_model": base.name, "base_model_digest": base.digest,
                                  "dataset_hash": request.dataset_hash, "seed": request.seed})
    shapes = {name.rsplit(".", 1)[-1]: (lora.in_features, lora.out_features) for name, lora in run.published.items()}
    return TrainingResult(request.output_dir, base.name, metadata, shapes)


# --- training steps shared by the strategies -----------------------------------------------------------


def _sub(request: TrainingRequest, stage: str) -> TrainingRequest:
    return attrs.evolve(request, checkpoint_dir=request.checkpoint_dir / stage)


def _plain_lora(request: TrainingRequest, options: LoraOptions, base: BaseModel,
                frozen: Mapping[str, LoraFactors] | None = None,
                penalty: OrthogonalityPenalty | None = None) -> tuple[dict[str, LoraFactors], Fit]:
    """A fresh LoRA trained like the `lora` trainer's, optionally next to frozen active earlier updates and with
    O-LoRA's penalty on its A matrices; returns its factors (CPU, scale folded) per module path."""
    targets = find_targets(base.model, options.target_modules)
    earlier = FrozenLoraHooks(targets, frozen) if frozen else None
    try:
        if penalty is None:
            lora, done = train_lora(_sub(request, "lora"), attrs.evolve(options, init_from_parent=False), base)
        else:
            from sleepy_transformers.training.lora import LoraHooks

            lora = LoraHooks(targets, rank=options.rank, alpha=options.alpha, dropout=options.dropout,
                             seed=request.seed & (2**63 - 1))
            penalty = penalty.to(base.device)
            # the earlier skills (active, and what the penalty compares with) key the checkpoints too
            earlier_digest = tensor_digest({f"{name}/{side}": getattr(lora_factors, side)
                                            for name, lora_factors in (frozen or {}).items() for side in ("a", "b")})
            try:
                done = fit(_sub(request, "lora"), options, base, lora, identity={"olora_earlier": earlier_digest},
                           regularizer=lambda: penalty(lora.a))
            except BaseException:
                lora.detach()
                raise
        try:
            factors = {name: LoraFactors(lora.a[name].detach().cpu(), lora.b[name].detach().cpu(), lora.scale).folded()
                       for name in lora.a}
        finally:
            lora.detach()
        return factors, done
    finally:
        if earlier is not None:
            earlier.detach()


def _coefficients(request: TrainingRequest, options: LoraOptions, base: BaseModel, basis: Basis,
                  start: Mapping[str, Any] | None, *, temporary: int, learning_rate: float, stage: str,
                  epochs: int | None = None) -> tuple[SubspaceHooks, Fit]:
    """Coefficient-only training in `basis` (basis and base weights frozen); the caller detaches the hooks."""
    targets = find_targets(base.model, options.target_modules)
    seed = request.seed & (2**62 - 1)
    initial = dict(start) if start is not None else {
        name: fresh(layer, options.rank, seed=seed + index)
        for index, (name, layer) in enumerate(sorted(basis.layers.items()))}
    hooks = SubspaceHooks(targets, basis.layers, initial, temporary=temporary, seed=seed)
    trainer_options = attrs.evolve(options, learning_rate=learning_rate, epochs=epochs or options.epochs,
                                   init_from_parent=False)
    try:
        done = fit(_sub(request, stage), trainer_options, base, hooks,
                   identity={"basis": basis.sha256, "temporary": temporary, "stage": stage,
                             "start": None if start is None else _digest_coefficients(start)})
    except BaseException:
        hooks.detach()
        raise
    return hooks, done


def _digest_coefficients(coefficients: Mapping[str, Any]) -> str:
    return tensor_digest({f"{n}/{side}": getattr(c, side) for n, c in coefficients.items() for side in ("e_a", "e_b")})


def _published(state: SubspaceState, publish: str, added: int = 1) -> dict[str, LoraFactors]:
    """The adapter a sleep publishes: every skill's update summed (PEFT's cat), or the `added` newest skills'
    (the skills this sleep trained: one, or one per family with `route_by: family`)."""
    skills = state.skills if publish == "sum" else state.skills[-added:]
    per_skill = [skill.factors(state.basis) for skill in skills]
    return {name: concatenate([f[name] for f in per_skill]) for name in per_skill[-1]}


def _cpu(coefficients: Mapping[str, LayerCoefficients]) -> dict[str, LayerCoefficients]:
    return {n: LayerCoefficients(c.e_a.cpu(), c.e_b.cpu()) for n, c in coefficients.items()}


def _check_k(k: int, layers: Mapping[str, LoraFactors]) -> None:
    for name, lora in layers.items():
        if k > min(lora.in_features, lora.out_features):
            raise SubspaceError(f"consolidator option k = {k} does not fit layer {name} "
                                f"({lora.in_features}->{lora.out_features}): expected k <= "
                                f"{min(lora.in_features, lora.out_features)}")


def _foreign_adapters(request: TrainingRequest, strategy: str) -> list[dict[str, LoraFactors]]:
    """Earlier adapters this strategy did not write (e.g. plain `lora` ones), read as factors."""
    return [read_adapter(path) for path in request.earlier_adapters if not has_state(path, strategy)]


# --- the strategies -------------------------------------------------------------------------------------------


def _share(request: TrainingRequest, options: LoraOptions, base: BaseModel, previous: SubspaceState | None) -> _Run:
    assert isinstance(options, ShareOptions)
    notes: dict[str, Any] = {}
    fits: list[Fit] = []
    stages: list[str] = []
    added = 0  # skills this sleep added before the coefficient training (publish: latest shows them too)
    if previous is None and options.packs:
        previous = _from_packs(options, base)
        notes["first_sleep"] = f"continued from packs {', '.join(options.packs)}"
    if previous is None:
        sources = _foreign_adapters(request, "share")
        if not sources:  # nothing to fit a basis on: a plain LoRA is the first skill, and its factors the basis
            new, done = _plain_lora(request, options, base)
            _check_k(options.k, new)
            fitted = {name: share_basis.fit_layer([lora], options.k, seed=options.seed + i)
                      for i, (name, lora) in enumerate(sorted(new.items()))}
            basis = Basis(fitted, 1, "share")
            coefficients = {name: layer.project(new[name]) for name, layer in fitted.items()}
            errors = {name: relative_error(layer.reconstruct(coefficients[name]).delta(), new[name].delta())
                      for name, layer in fitted.items()}
            notes.update(first_sleep="plain LoRA; basis fitted on it", max_reconstruction_error=max(errors.values()))
            first = Skill(coefficients=coefficients, dataset_hash=request.dataset_hash)
            state = SubspaceState("share", basis, (first,))
            if options.route_by == "none":
                return _Run(state, _published(state, options.publish), (done,), notes)
            # per family: then every family's coefficient skill in that basis, as a later sleep trains them
            notes["first_sleep"] += "; then one coefficient skill per family"
            previous, added = state, 1
            fits.append(done)
            stages.append("lora")
        else:
            # Phase 1 on the adapters the run already has (e.g. a run that slept with `lora` before)
            layers = sorted(set.intersection(*(set(s) for s in sources)))
            _check_k(options.k, sources[0])
            fitted = {name: share_basis.fit_layer([s[name] for s in sources], options.k, seed=options.seed + i)
                      for i, name in enumerate(layers)}
            basis = Basis(fitted, 1, "share")
            skills = [Skill(coefficients={n: fitted[n].project(s[n]) for n in layers}) for s in sources]
            previous = SubspaceState("share", basis, tuple(skills))
            notes["first_sleep"] = f"basis fitted on {len(sources)} earlier adapters"
    state = previous
    worst = 0.0
    for label, skill_request, families in _skill_requests(request, options):
        state, error, skill_fits = _share_skill(skill_request, options, base, state, label, families)
        worst = max(worst, error)
        fits.extend(skill_fits)
        stages.extend(f"{stage}{label}" for stage in ("coefficients", "fine-tune")[: len(skill_fits)])
        added += 1
    notes["max_merge_error"] = worst  # the largest relative delta_W error any skill took from the merges
    return _Run(state, _published(state, options.publish, added), tuple(fits), notes,
                tuple(stages) if options.route_by != "none" else ())


def _skill_requests(request: TrainingRequest, options: ShareOptions | UwshOptions | RandomBasisOptions
                    ) -> list[tuple[str, TrainingRequest, tuple[str, ...]]]:
    """What a sleep trains coefficient skills on: (stage suffix, request, families). route_by none: the whole
    dataset, one skill of every family; family: each family's examples in its own file under the checkpoint
    directory, its sha256 the request's dataset hash (so each resumes from its own checkpoints)."""
    if options.route_by == "none":
        return [("", request, ())]
    split = split_by_family(request.dataset_path, request.checkpoint_dir / "families")
    return [(f"-{directory_name(f.family)}", attrs.evolve(request, dataset_path=f.path, dataset_hash=f.sha256),
             (f.family,)) for f in split]


def _share_skill(request: TrainingRequest, options: ShareOptions, base: BaseModel, previous: SubspaceState,
                 label: str, families: tuple[str, ...]) -> tuple[SubspaceState, float, list[Fit]]:
    """Train one coefficient skill (+ temporary directions) on `request` in `previous`'s basis and merge it in:
    the refitted basis, every skill re-projected, the largest merge error, and the fits it took."""
    assert previous.basis is not None
    fits = []
    hooks, done = _coefficients(request, options, base, previous.basis, None, temporary=options.temporary,
                                learning_rate=options.coefficient_learning_rate, stage=f"coefficients{label}")
    try:
        new = {name: lora for name, lora in hooks.factors().items()}
    finally:
        hooks.detach()
    fits.append(done)
    new = {name: LoraFactors(f.a.cpu(), f.b.cpu(), 1.0) for name, f in new.items()}
    merged_layers: dict[str, Any] = {}
    per_skill: list[dict[str, Any]] = [{} for _ in range(len(previous.skills) + 1)]
    worst = 0.0
    for index, (name, layer) in enumerate(sorted(previous.basis.layers.items())):
        earlier = [skill.coefficients[name] for skill in previous.skills if skill.coefficients is not None]
        merged = share_basis.merge(layer, earlier, new[name], seed=options.seed + index)
        merged_layers[name] = merged.basis
        for position, projected in enumerate(merged.coefficients):
            per_skill[position][name] = projected
        worst = max(worst, *merged.errors)
    basis = Basis(merged_layers, previous.basis.version + 1, "share")
    if options.fine_tune_after_merge:
        hooks, tuned = _coefficients(request, options, base, basis, per_skill[-1], temporary=0,
                                     learning_rate=options.coefficient_learning_rate, stage=f"fine-tune{label}",
                                     epochs=options.fine_tune_epochs)
        try:
            per_skill[-1] = _cpu(hooks.coefficients())
        finally:
            hooks.detach()
        fits.append(tuned)
    skills = [attrs.evolve(s, coefficients=c) for c, s in zip(per_skill[:-1], previous.skills, strict=True)]
    skills.append(Skill(coefficients=per_skill[-1], dataset_hash=request.dataset_hash, families=families))
    return SubspaceState("share", basis, tuple(skills)), worst, fits


def _from_packs(options: ShareOptions, base: BaseModel) -> SubspaceState:
    """The earlier skills and basis the packs named in config give (checked against this model's layers)."""
    from sleepy_subspace.pack_info import BaseModelRef
    from sleepy_subspace.pack_store import default_store
    from sleepy_subspace.packs import state_from_packs

    state = state_from_packs(options.packs, default_store(), BaseModelRef(base.name, base.digest), "share")
    assert state.basis is not None
    targets = set(find_targets(base.model, options.target_modules))
    if set(state.basis.layers) != targets:
        missing, extra = sorted(targets - set(state.basis.layers)), sorted(set(state.basis.layers) - targets)
        raise SubspaceError(f"consolidator option packs: the packs' basis covers {len(state.basis.layers)} modules "
                            f"and target_modules select {len(targets)} (missing {missing[:3]}, extra {extra[:3]}); "
                            "expected the same modules")
    return state


def _uwsh(request: TrainingRequest, options: LoraOptions, base: BaseModel, previous: SubspaceState | None) -> _Run:
    assert isinstance(options, UwshOptions)
    skills = list(previous.skills) if previous else []
    basis = previous.basis if previous else None
    notes: dict[str, Any] = {}
    if basis is None:
        sources = [read_adapter(Path(p)) for p in options.sources] + _foreign_adapters(request, "uwsh")
        sources += [skill.factors(None) for skill in skills]  # the run's own plain LoRAs so far
        if len(sources) < 2:  # UWSH removes the mean across adapters: one adapter leaves nothing to fit
            new, done = _plain_lora(request, options, base)
            skills.append(Skill(lora=new, dataset_hash=request.dataset_hash))
            # a later sleep lands here too while the run has one plain LoRA: not its first sleep, so not that key
            notes["first_sleep" if previous is None else "no_basis_yet"] = (
                f"plain LoRA ({len(sources)} adapter(s) to fit a basis on; UWSH needs 2)")
            state = SubspaceState("uwsh", None, tuple(skills))
            return _Run(state, _published(state, options.publish), (done,), notes)
        layers = sorted(set.intersection(*(set(s) for s in sources)))
        fitted = {}
        for index, name in enumerate(layers):
            try:
                fitted[name] = uwsh.fit_layer([s[name] for s in sources], threshold=options.threshold, k=options.k,
                                              gram_schmidt=options.gram_schmidt, seed=options.seed + 2 * index)
            except SubspaceError as exc:
                raise SubspaceError(f"uwsh basis of layer {name} from {len(sources)} adapters: {exc}") from None
        basis = Basis(fitted, 1, "uwsh")
        notes["basis_fitted_on"] = len(sources)
    new_skills, fits, stages = _fixed_basis_skills(request, options, base, basis)
    state = SubspaceState("uwsh", basis, (*skills, *new_skills))
    return _Run(state, _published(state, options.publish, len(new_skills)), fits, notes, stages)


def _fixed_basis_skills(request: TrainingRequest, options: UwshOptions | RandomBasisOptions, base: BaseModel,
                        basis: Basis) -> tuple[list[Skill], tuple[Fit, ...], tuple[str, ...]]:
    """Coefficient-only skills in a basis that is never refitted (uwsh, random_basis): one on the whole dataset,
    or one per family; each trains from fresh coefficients, independently of the others."""
    skills, fits, stages = [], [], []
    for label, skill_request, families in _skill_requests(request, options):
        hooks, done = _coefficients(skill_request, options, base, basis, None, temporary=0,
                                    learning_rate=options.coefficient_learning_rate, stage=f"coefficients{label}")
        try:
            coefficients = _cpu(hooks.coefficients())
        finally:
            hooks.detach()
        skills.append(Skill(coefficients=coefficients, dataset_hash=skill_request.dataset_hash, families=families))
        fits.append(done)
        stages.append(f"coefficients{label}")
    return skills, tuple(fits), tuple(stages) if options.route_by != "none" else ()


def _random_basis(request: TrainingRequest, options: LoraOptions, base: BaseModel,
                  previous: SubspaceState | None) -> _Run:
    assert isinstance(options, RandomBasisOptions)
    if previous is None:  # as share's first sleep: a plain LoRA, so both arms start from the same skill
        new, done = _plain_lora(request, options, base)
        _check_k(options.k, new)
        seeds = {name: options.seed + 2 * i for i, name in enumerate(sorted(new))}
        basis = Basis({name: share_basis.LayerBasis(random_basis(lora.in_features, options.k, seed=seeds[name]),
                                                    random_basis(lora.out_features, options.k, seed=seeds[name] + 1))
                       for name, lora in new.items()}, 1, "random")
        state = SubspaceState("random_basis", basis, (Skill(lora=new, dataset_hash=request.dataset_hash),))
        if options.route_by == "none":
            return _Run(state, _published(state, options.publish), (done,), {"first_sleep": "plain LoRA"})
        # as share's: then every family's coefficient skill in the basis just drawn
        family_skills, fits, stages = _fixed_basis_skills(request, options, base, basis)
        state = state.with_skills([*state.skills, *family_skills])
        return _Run(state, _published(state, options.publish, 1 + len(family_skills)), (done, *fits),
                    {"first_sleep": "plain LoRA; then one coefficient skill per family"}, ("lora", *stages))
    assert previous.basis is not None
    new_skills, fits, stages = _fixed_basis_skills(request, options, base, previous.basis)
    state = previous.with_skills([*previous.skills, *new_skills])
    return _Run(state, _published(state, options.publish, len(new_skills)), fits, {}, stages)


def _olora(request: TrainingRequest, options: LoraOptions, base: BaseModel, previous: SubspaceState | None) -> _Run:
    assert isinstance(options, OloraOptions)
    skills = list(previous.skills) if previous else []
    earlier = [skill.factors(None) for skill in skills]
    notes: dict[str, Any] = {}
    if earlier:
        joined = {name: concatenate([e[name] for e in earlier]) for name in earlier[-1]}
        penalty = OrthogonalityPenalty({name: [lora.a] for name, lora in joined.items()},
                                       lambda1=options.lambda1, lambda2=options.lambda2)
        new, done = _plain_lora(request, options, base, frozen=joined, penalty=penalty)
        from sleepy_subspace.olora import subspace_overlap

        notes["overlap_with_earlier"] = max(subspace_overlap(joined[n].a, new[n].a) for n in new)
    else:  # no earlier skill: the penalty is zero, a plain LoRA
        new, done = _plain_lora(request, options, base)
        notes["first_sleep"] = "plain LoRA (no earlier skill to be orthogonal to)"
    skills.append(Skill(lora=new, dataset_hash=request.dataset_hash))
    state = SubspaceState("olora", None, tuple(skills))
    return _Run(state, _published(state, "sum"), (done,), notes)


def _mean_adapter(request: TrainingRequest, options: LoraOptions, base: BaseModel,
                  previous: SubspaceState | None) -> _Run:
    assert isinstance(options, MeanAdapterOptions)
    new, done = _plain_lora(request, options, base)
    skills = [*(previous.skills if previous else ()), Skill(lora=new, dataset_hash=request.dataset_hash)]
    every = [skill.factors(None) for skill in skills]
    published = {name: mean_adapter([e[name] for e in every], rank=options.mean_rank) for name in new}
    notes = {"first_sleep": "plain LoRA (nothing earlier to average)"} if len(skills) == 1 else {}
    return _Run(SubspaceState("mean_adapter", None, tuple(skills)), published, (done,), notes)


_STRATEGIES = {"share": _share, "uwsh": _uwsh, "olora": _olora, "mean_adapter": _mean_adapter,
               "random_basis": _random_basis}
