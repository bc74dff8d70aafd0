/** The part of @doyensec/electronegativity's programmatic API that the scan uses (the package ships no types). */
declare module '@doyensec/electronegativity' {
  export interface ElectronegativityOptions {
    /** A directory, a .js/.ts/.html file or an .asar archive. */
    input: string;
    isRelative?: boolean;
    /** Check class names (any case) to skip, e.g. 'AvailableSecurityFixesGlobalCheck'. */
    excludeFromScan?: string[];
    customScan?: string[];
    electronVersionOverride?: string;
    parserPlugins?: string[];
  }

  export interface ElectronegativityLevel {
    value: number;
    name: string;
  }

  export interface ElectronegativityIssue {
    file: string;
    sample?: string;
    location: { line: number; column: number };
    id: string;
    description: string;
    severity: ElectronegativityLevel;
    confidence: ElectronegativityLevel;
    manualReview: boolean;
    shortenedURL?: string;
  }

  export interface ElectronegativityError {
    file: string;
    message: string;
    tolerable: boolean;
  }

  export interface ElectronegativityResult {
    globalChecks: number;
    atomicChecks: number;
    errors: ElectronegativityError[];
    issues: ElectronegativityIssue[];
  }

  export default function run(options: ElectronegativityOptions): Promise<ElectronegativityResult>;
}
