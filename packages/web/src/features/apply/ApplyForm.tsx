/**
 * The application form (the apply journey's form step and the counter's intake): react-jsonschema-form with this
 * app's theme and the JSON Schema 2020-12 validator the server uses; errors are shown by the page and the fields, not
 * as rjsf's list or the browser's own validation.
 */
import Form from '@rjsf/antd';
import type { FormProps } from '@rjsf/core';
import type Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { PreparedForm } from './applyForm.schema.ts';
import { templates, widgets } from './applyForm.theme.tsx';

/** Form schemas are JSON Schema 2020-12 (as the server validates them). */
const validator = customizeValidator({ AjvClass: Ajv2020 as unknown as typeof Ajv });

type Props = Omit<FormProps, 'schema' | 'uiSchema' | 'validator' | 'templates' | 'widgets' | 'showErrorList' | 'noHtml5Validate' | 'className'> & {
  /** the item's form as prepareForm made it */
  form: Pick<PreparedForm, 'schema' | 'uiSchema'>;
};

export function ApplyForm({ form, ...props }: Props) {
  return (
    <Form
      {...props}
      schema={form.schema}
      uiSchema={form.uiSchema}
      validator={validator}
      templates={templates}
      widgets={widgets}
      showErrorList={false}
      noHtml5Validate
      className="tb-rjsf"
    />
  );
}
