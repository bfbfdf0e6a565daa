/**
 * STIX 2.1 object types. `StixObject` is the general shape every stored object satisfies
 * (custom objects included); the interfaces below narrow it per type (§4 SDOs, §5 SROs,
 * §6 SCOs, §7 meta objects). Timestamps are RFC 3339 strings; identifiers `<type>--<uuid>`.
 */
import type {
  Artifact,
  AutonomousSystem,
  Directory,
  DomainName,
  EmailAddress,
  EmailMessage,
  File,
  Ipv4Address,
  Ipv6Address,
  MacAddress,
  Mutex,
  NetworkTraffic,
  Process,
  Software,
  Url,
  UserAccount,
  WindowsRegistryKey,
  X509Certificate,
} from './types-sco.js';
import type { ExtensionDefinition, LanguageContent, MarkingDefinition } from './types-meta.js';

export type Identifier<T extends string = string> = `${T}--${string}`;
export type Timestamp = string;

export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: Timestamp;
  modified?: Timestamp;
  created_by_ref?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, Record<string, unknown>>;
  [property: string]: unknown;
}

export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Hashes;
  external_id?: string;
}

export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface GranularMarking {
  marking_ref?: string;
  lang?: string;
  selectors: string[];
}

/** Hash algorithm (hash-algorithm-ov, e.g. `SHA-256`) to hash value. */
export type Hashes = Record<string, string>;

/** Common properties of SDOs and SROs: all required but the optional ones of §3.2. */
interface Sdo<T extends string> extends StixObject {
  type: T;
  id: Identifier<T>;
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
}

export interface AttackPattern extends Sdo<'attack-pattern'> {
  name: string;
  description?: string;
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
}
export interface Campaign extends Sdo<'campaign'> {
  name: string;
  description?: string;
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  objective?: string;
}
export interface CourseOfAction extends Sdo<'course-of-action'> {
  name: string;
  description?: string;
}
export interface Grouping extends Sdo<'grouping'> {
  name?: string;
  description?: string;
  context: string;
  object_refs: string[];
}
export interface Identity extends Sdo<'identity'> {
  name: string;
  description?: string;
  roles?: string[];
  identity_class?: string;
  sectors?: string[];
  contact_information?: string;
}
export interface Incident extends Sdo<'incident'> {
  name: string;
  description?: string;
  kill_chain_phases?: KillChainPhase[];
}
export interface Indicator extends Sdo<'indicator'> {
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type: string;
  pattern_version?: string;
  valid_from: Timestamp;
  valid_until?: Timestamp;
  kill_chain_phases?: KillChainPhase[];
}
export interface Infrastructure extends Sdo<'infrastructure'> {
  name: string;
  description?: string;
  infrastructure_types?: string[];
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
}
export interface IntrusionSet extends Sdo<'intrusion-set'> {
  name: string;
  description?: string;
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  goals?: string[];
  resource_level?: string;
  primary_motivation?: string;
  secondary_motivations?: string[];
}
export interface Location extends Sdo<'location'> {
  name?: string;
  description?: string;
  latitude?: number;
  longitude?: number;
  precision?: number;
  region?: string;
  country?: string;
  administrative_area?: string;
  city?: string;
  street_address?: string;
  postal_code?: string;
}
export interface Malware extends Sdo<'malware'> {
  name?: string;
  description?: string;
  malware_types?: string[];
  is_family: boolean;
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  operating_system_refs?: string[];
  architecture_execution_envs?: string[];
  implementation_languages?: string[];
  capabilities?: string[];
  sample_refs?: string[];
}
export interface MalwareAnalysis extends Sdo<'malware-analysis'> {
  product: string;
  version?: string;
  host_vm_ref?: string;
  operating_system_ref?: string;
  installed_software_refs?: string[];
  configuration_version?: string;
  modules?: string[];
  analysis_engine_version?: string;
  analysis_definition_version?: string;
  submitted?: Timestamp;
  analysis_started?: Timestamp;
  analysis_ended?: Timestamp;
  result_name?: string;
  result?: string;
  analysis_sco_refs?: string[];
  sample_ref?: string;
}
export interface Note extends Sdo<'note'> {
  abstract?: string;
  content: string;
  authors?: string[];
  object_refs: string[];
}
export interface ObservedData extends Sdo<'observed-data'> {
  first_observed: Timestamp;
  last_observed: Timestamp;
  number_observed: number;
  /** Deprecated in 2.1: embedded SCOs keyed by local reference. */
  objects?: Record<string, StixObject>;
  object_refs?: string[];
}
export interface Opinion extends Sdo<'opinion'> {
  explanation?: string;
  authors?: string[];
  opinion: 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';
  object_refs: string[];
}
export interface Report extends Sdo<'report'> {
  name: string;
  description?: string;
  report_types?: string[];
  published: Timestamp;
  object_refs: string[];
}
export interface ThreatActor extends Sdo<'threat-actor'> {
  name: string;
  description?: string;
  threat_actor_types?: string[];
  aliases?: string[];
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  roles?: string[];
  goals?: string[];
  sophistication?: string;
  resource_level?: string;
  primary_motivation?: string;
  secondary_motivations?: string[];
  personal_motivations?: string[];
}
export interface Tool extends Sdo<'tool'> {
  name: string;
  description?: string;
  tool_types?: string[];
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
  tool_version?: string;
}
export interface Vulnerability extends Sdo<'vulnerability'> {
  name: string;
  description?: string;
}

export interface Relationship extends Sdo<'relationship'> {
  relationship_type: string;
  description?: string;
  source_ref: string;
  target_ref: string;
  start_time?: Timestamp;
  stop_time?: Timestamp;
}
export interface Sighting extends Sdo<'sighting'> {
  description?: string;
  first_seen?: Timestamp;
  last_seen?: Timestamp;
  count?: number;
  sighting_of_ref: string;
  observed_data_refs?: string[];
  where_sighted_refs?: string[];
  summary?: boolean;
}

export type DomainObject =
  | AttackPattern
  | Campaign
  | CourseOfAction
  | Grouping
  | Identity
  | Incident
  | Indicator
  | Infrastructure
  | IntrusionSet
  | Location
  | Malware
  | MalwareAnalysis
  | Note
  | ObservedData
  | Opinion
  | Report
  | ThreatActor
  | Tool
  | Vulnerability;
export type RelationshipObject = Relationship | Sighting;

export interface Bundle {
  type: 'bundle';
  id: string;
  objects?: StixObject[];
}

/** Every STIX 2.1 object interface by its `type` (custom objects are plain `StixObject`s). */
export interface StixTypeMap {
  'attack-pattern': AttackPattern;
  campaign: Campaign;
  'course-of-action': CourseOfAction;
  grouping: Grouping;
  identity: Identity;
  incident: Incident;
  indicator: Indicator;
  infrastructure: Infrastructure;
  'intrusion-set': IntrusionSet;
  location: Location;
  malware: Malware;
  'malware-analysis': MalwareAnalysis;
  note: Note;
  'observed-data': ObservedData;
  opinion: Opinion;
  report: Report;
  'threat-actor': ThreatActor;
  tool: Tool;
  vulnerability: Vulnerability;
  relationship: Relationship;
  sighting: Sighting;
  artifact: Artifact;
  'autonomous-system': AutonomousSystem;
  directory: Directory;
  'domain-name': DomainName;
  'email-addr': EmailAddress;
  'email-message': EmailMessage;
  file: File;
  'ipv4-addr': Ipv4Address;
  'ipv6-addr': Ipv6Address;
  'mac-addr': MacAddress;
  mutex: Mutex;
  'network-traffic': NetworkTraffic;
  process: Process;
  software: Software;
  url: Url;
  'user-account': UserAccount;
  'windows-registry-key': WindowsRegistryKey;
  'x509-certificate': X509Certificate;
  'marking-definition': MarkingDefinition;
  'extension-definition': ExtensionDefinition;
  'language-content': LanguageContent;
}

/** A type name STIX 2.1 defines. */
export type StixType = keyof StixTypeMap;

/** Any object of a STIX 2.1 type. */
export type AnyStixObject = StixTypeMap[StixType];

export * from './types-sco.js';
export * from './types-sco-extensions.js';
export * from './types-meta.js';
