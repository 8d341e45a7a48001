/**
 * The audit trail after the fact: {@code slowburn audit verify} checks the hash chain and the seals of the records the
 * verdict stage wrote ({@link io.slowburn.detector.audit.AuditVerifier}); the seal key comes from the configuration.
 */
package io.slowburn.detector.audit;
