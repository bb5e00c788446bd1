/**
 * The experiments' option forms as the controls hold them: one raw value per option, per
 * experiment, made on first use from the experiment's defaults with the settings' `hz` and
 * `timeScale` on top, and parsed (with field errors) each time they are read.
 */
import type { ExperimentInfo } from '../../../contract/ipc';
import { parseForm, toRaw, type FieldError, type RawValue } from './options';

/** Options every experiment has, whose default comes from the settings. */
export interface CommonDefaults {
  hz: number;
  timeScale: number;
}

/** An experiment's form: the raw control values and what they parse to. */
export interface ParsedForm {
  raw: Record<string, RawValue>;
  values: Record<string, unknown>;
  errors: Record<string, FieldError>;
}

/** Every experiment's form; see the module comment. */
export class ExperimentForms {
  /** The options being edited, per experiment, as the controls hold them. */
  forms = $state<Record<string, Record<string, RawValue>>>({});
  #defaults: CommonDefaults;

  constructor(defaults: CommonDefaults) {
    this.#defaults = { hz: defaults.hz, timeScale: defaults.timeScale };
  }

  /** An experiment's form, parsed. */
  form(experiment: ExperimentInfo): ParsedForm {
    const raw = this.forms[experiment.id] ?? this.#initial(experiment);
    return { raw, ...parseForm(experiment.options, raw) };
  }

  /** Changes one control of an experiment's form. */
  set(experiment: ExperimentInfo, key: string, value: RawValue): void {
    const form = (this.forms[experiment.id] ??= this.#initial(experiment));
    form[key] = value;
  }

  /** Puts an experiment's form back to its defaults (with the settings' hz and time scale). */
  reset(experiment: ExperimentInfo): void {
    this.forms[experiment.id] = this.#initial(experiment);
  }

  /** New defaults from the settings: every form's hz and time scale take them. */
  applyDefaults(d: CommonDefaults): void {
    this.#defaults = { hz: d.hz, timeScale: d.timeScale };
    for (const form of Object.values(this.forms)) {
      if ('hz' in form) form.hz = String(d.hz);
      if ('timeScale' in form) form.timeScale = String(d.timeScale);
    }
  }

  #initial(e: ExperimentInfo): Record<string, RawValue> {
    const raw: Record<string, RawValue> = {};
    for (const o of e.options) {
      const settingDefault = o.key === 'hz' || o.key === 'timeScale' ? this.#defaults[o.key] : undefined;
      raw[o.key] = toRaw(o, settingDefault ?? e.defaults[o.key] ?? o.default);
    }
    return raw;
  }
}
