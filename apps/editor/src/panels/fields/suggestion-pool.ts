import { createContext } from 'react';
import type { Suggestion } from '../../utils/autocomplete';

/** What `{{` offers in the selected step's text fields; the side panel provides it for that step. */
export const SuggestionPoolContext = createContext<readonly Suggestion[] | null>(null);
