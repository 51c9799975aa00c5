/**
 * The reference server's background jobs: the control loop's tick, admission refresh, audit
 * retention and install pass expiry, one class each, run by {@link dev.damm.server.jobs.JobScheduler}
 * under leases in the store so that with several servers on one database each job runs on one of
 * them at a time.
 */
package dev.damm.server.jobs;
