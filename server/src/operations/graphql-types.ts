import { GraphQLDateTime, SafeIntResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum FollowerKind {
  PROJECTION = 'PROJECTION',
  PROCESS = 'PROCESS',
}
registerEnumType(FollowerKind, { name: 'FollowerKind', description: 'A read-model projection, or a process manager that reacts to events with commands.' });

export enum FollowerStatus {
  CURRENT = 'CURRENT',
  CATCHING_UP = 'CATCHING_UP',
  HAS_PARKED = 'HAS_PARKED',
}
registerEnumType(FollowerStatus, {
  name: 'FollowerStatus',
  description: 'CURRENT: nothing left to apply; CATCHING_UP: events committed but not yet applied; HAS_PARKED: it moved on past events it could not apply (see parked).',
});

@ObjectType('ParkedEvent', { description: 'An event a projection could not apply after several tries: passed and kept here until an operator retries or skips it.' })
export class ParkedEventType {
  @Field(() => String, { description: 'The projection that parked it.' })
  projection!: string;

  @Field(() => SafeIntResolver, { description: 'Global position of the event in the log.' })
  position!: number;

  @Field(() => String)
  type!: string;

  @Field(() => String)
  streamId!: string;

  @Field(() => String, { description: 'The error of its last attempt.' })
  error!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => GraphQLDateTime)
  parkedAt!: Date;
}

@ObjectType('ProjectionStatus', { description: 'Where a follower of the event log stands.' })
export class ProjectionStatusType {
  @Field(() => String)
  name!: string;

  @Field(() => FollowerKind)
  kind!: FollowerKind;

  @Field(() => SafeIntResolver, { description: 'Global position of the last event it has passed.' })
  position!: number;

  @Field(() => SafeIntResolver, { description: 'Committed events it has yet to pass (all shops).' })
  lag!: number;

  @Field(() => Float, { description: 'Age in seconds of the oldest event it has yet to pass; 0 when caught up.' })
  lagSeconds!: number;

  @Field(() => FollowerStatus)
  status!: FollowerStatus;

  @Field(() => [ParkedEventType], { description: "This shop's events it parked and nobody has retried or skipped yet." })
  parked!: ParkedEventType[];
}
