package dev.damm.core.store;

/** The repositories visible inside one transaction; valid only until the transaction ends. */
public interface StoreTransaction {
    DeviceRepository devices();

    InstallPassRepository installPasses();

    GatewayRepository gateways();

    EgressPoolRepository egressPools();

    AccessTierRepository accessTiers();

    AddressLeaseRepository addressLeases();

    UsageRepository usage();

    AuditRepository audit();

    PublicationRepository publications();

    PublishedKeyRepository keys();

    AdmissionHistoryRepository admissionHistory();
    /** Operator API tokens. A store that keeps none refuses with {@code CAPABILITY_UNSUPPORTED}. */
    default AdminTokenRepository adminTokens() {
        throw new dev.damm.spi.DammException(dev.damm.spi.ErrorCode.CAPABILITY_UNSUPPORTED, "store: keeps no admin tokens");
    }

    /** Background job leases. A store that keeps none refuses with {@code CAPABILITY_UNSUPPORTED}. */
    default JobLeaseRepository jobLeases() {
        throw new dev.damm.spi.DammException(dev.damm.spi.ErrorCode.CAPABILITY_UNSUPPORTED, "store: keeps no job leases");
    }

    /** Client reports waiting for the loop. A store that keeps none refuses with {@code CAPABILITY_UNSUPPORTED}. */
    default ReportQueueRepository reportQueue() {
        throw new dev.damm.spi.DammException(dev.damm.spi.ErrorCode.CAPABILITY_UNSUPPORTED, "store: keeps no report queue");
    }
}
