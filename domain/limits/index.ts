export { inputLimits, idCharacters, kindDescription, type InputKind } from './input-limits.js';
export { anyStringProblem, stringProblem } from './characters.js';
export { firstStringProblem, jsonBytes, pathDeeperThan, utf8Bytes, type ValuePath } from './json-shape.js';
export { checkField, checkInput, checkTextField, type FieldKinds } from './check-input.js';
export { FreeText, IdString, JsonRecord, NameString, OptionalText, PathString, fieldKindsOf, kindOf, limitedString, type Limited } from './limited-codecs.js';
