// The lab's services as detection takes them: plain data from the stack watcher (detection never talks to the
// Docker engine itself). The state vocabulary and the lab's state model are core/stack/labState.ts.
import type { ServiceState } from '../stack/labState';

export {
  type ContainerState,
  type LabHealthSummary,
  type LabState,
  type LabTransition,
  type ServiceHealth,
  type ServiceState,
  isLabRunning,
  serviceProblem,
  summarizeServices,
} from '../stack/labState';

/** A function the stack watcher provides; may be sync (a cached snapshot) or async. */
export type ServiceStatesSource = () => readonly ServiceState[] | Promise<readonly ServiceState[]>;
