import type { Knex } from 'knex';
import * as eventStore from './20261123_0001_event_store';
import * as catalogReadModel from './20261123_0002_catalog_read_model';
import * as ordersReadModel from './20261123_0003_orders_read_model';
import * as inventory from './20261123_0010_inventory';
import * as payments from './20261123_0020_payments';
import * as checkouts from './20261123_0030_checkouts';
import * as shipments from './20261123_0040_shipments';
import * as orderHistory from './20261123_0070_order_history';
import * as notifications from './20261123_0071_notifications';
import * as accounts from './20261123_0075_accounts';
import * as orderCustomer from './20261123_0080_order_customer';
import * as rowLevelSecurity from './20261123_0090_row_level_security';
import * as accountsRowLevelSecurity from './20261123_0095_accounts_row_level_security';
import * as logAppendAndHorizon from './20261130_0100_log_append_and_horizon';
import * as streamSnapshots from './20261130_0110_stream_snapshots';
import * as catalogBrandsCategories from './20261130_0130_catalog_brands_categories';
import * as dashboard from './20261130_0150_dashboard';
import * as parkedEvents from './20261130_0160_parked_events';
import * as readModelChangeLog from './20261130_0170_read_model_change_log';
import * as logHorizonPerDatabase from './20261130_0180_log_horizon_per_database';
import * as boundedBigintColumns from './20261130_0200_bounded_bigint_columns';
import * as idempotencyKeys from './20261130_0210_idempotency_keys';
import * as gatewayState from './20261130_0220_gateway_state';
import * as paymentTokenVault from './20261130_0230_payment_token_vault';
import * as passwordResetAndThrottle from './20261130_0250_password_reset_and_throttle';
import * as customerDataKeys from './20261130_0260_customer_data_keys';
import * as sessions from './20261130_0240_sessions';
import * as advanceCheckpointFunction from './20261130_0270_advance_checkpoint_function';
import * as leanerAppend from './20261130_0280_leaner_append';
import * as logHorizonPlanKept from './20261130_0290_log_horizon_plan_kept';
import * as claimPayloadsOfTypes from './20261130_0300_claim_payloads_of_types';
import * as logHorizonFreshXids from './20261130_0310_log_horizon_fresh_xids';
import * as followLogPayloadsOfTypes from './20261130_0320_follow_log_payloads_of_types';
import * as groupedAppend from './20261201_0100_grouped_append';
import * as loadSeveralStreams from './20261201_0110_load_several_streams';
import * as jointProjectionBatches from './20261201_0120_joint_projection_batches';
import * as changeVersions from './20261201_0130_change_versions';
import * as statementsPlannedOnce from './20261201_0140_statements_planned_once';

/** Every migration, by the name Knex records it under. Add new ones here. */
export const migrations: Record<string, Knex.Migration> = {
  '20261123_0001_event_store': eventStore,
  '20261123_0002_catalog_read_model': catalogReadModel,
  '20261123_0003_orders_read_model': ordersReadModel,
  '20261123_0010_inventory': inventory,
  '20261123_0020_payments': payments,
  '20261123_0030_checkouts': checkouts,
  '20261123_0040_shipments': shipments,
  '20261123_0070_order_history': orderHistory,
  '20261123_0071_notifications': notifications,
  '20261123_0075_accounts': accounts,
  '20261123_0080_order_customer': orderCustomer,
  '20261123_0090_row_level_security': rowLevelSecurity,
  '20261123_0095_accounts_row_level_security': accountsRowLevelSecurity,
  '20261130_0100_log_append_and_horizon': logAppendAndHorizon,
  '20261130_0110_stream_snapshots': streamSnapshots,
  '20261130_0130_catalog_brands_categories': catalogBrandsCategories,
  '20261130_0150_dashboard': dashboard,
  '20261130_0160_parked_events': parkedEvents,
  '20261130_0170_read_model_change_log': readModelChangeLog,
  '20261130_0180_log_horizon_per_database': logHorizonPerDatabase,
  '20261130_0200_bounded_bigint_columns': boundedBigintColumns,
  '20261130_0210_idempotency_keys': idempotencyKeys,
  '20261130_0220_gateway_state': gatewayState,
  '20261130_0230_payment_token_vault': paymentTokenVault,
  '20261130_0250_password_reset_and_throttle': passwordResetAndThrottle,
  '20261130_0260_customer_data_keys': customerDataKeys,
  '20261130_0240_sessions': sessions,
  '20261130_0270_advance_checkpoint_function': advanceCheckpointFunction,
  '20261130_0280_leaner_append': leanerAppend,
  '20261130_0290_log_horizon_plan_kept': logHorizonPlanKept,
  '20261130_0300_claim_payloads_of_types': claimPayloadsOfTypes,
  '20261130_0310_log_horizon_fresh_xids': logHorizonFreshXids,
  '20261130_0320_follow_log_payloads_of_types': followLogPayloadsOfTypes,
  '20261201_0100_grouped_append': groupedAppend,
  '20261201_0110_load_several_streams': loadSeveralStreams,
  '20261201_0120_joint_projection_batches': jointProjectionBatches,
  '20261201_0130_change_versions': changeVersions,
  '20261201_0140_statements_planned_once': statementsPlannedOnce,
};
