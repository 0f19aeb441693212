// The skeleton of a new plan: the standard's twelve required sections, in order.
const SECTIONS: [string, string][] = [
  ["Purpose / Big Picture", "What someone can do after this change that they could not before, and how to see it working."],
  ["Progress", "- [ ] First step."],
  ["Surprises & Discoveries", "(None yet.)"],
  ["Decision Log", "(None yet.)"],
  ["Outcomes & Retrospective", "(None yet.)"],
  ["Context and Orientation", "The files and terms a newcomer needs, by full path."],
  ["Plan of Work", "The sequence of edits, in prose."],
  ["Concrete Steps", "The exact commands to run, and where."],
  ["Validation and Acceptance", "How to prove it works: behaviour a person can observe."],
  ["Idempotence and Recovery", "What is safe to repeat, and how to back out."],
  ["Artifacts and Notes", "(None yet.)"],
  ["Interfaces and Dependencies", "The types, functions and libraries the work relies on."],
];

export function newPlanText(title: string): string {
  const parts = [
    `# ExecPlan: ${title}`,
    "This ExecPlan is a living document. It follows the standard in `PLANS.md`.",
    ...SECTIONS.map(([name, body]) => `## ${name}\n\n${body}`),
  ];
  return parts.join("\n\n") + "\n";
}
