package dev.damm.core.store;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.wireguard.WireGuardKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A thread-safe store held in memory, for embedding and tests.
 *
 * <p>Transactions run one at a time under a single lock, which gives serializable isolation
 * trivially; each mutation records its inverse so a transaction whose work throws is rolled back
 * completely. Nothing survives the process: use {@code damm-store-jdbc} for durability.
 */
public final class InMemoryStore implements DammStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> undo = new ArrayList<>();
    private final Tx tx;
    private volatile boolean closed;

    // devices
    private final Map<DeviceId, Device> devices = new HashMap<>();
    private final Map<WireGuardKey, DeviceId> devicesByKey = new HashMap<>();
    private final Map<ByteBuffer, DeviceId> devicesByCredential = new HashMap<>();
    // (tier, state) -> count, so the session-limit check does not scan every device
    private final Map<String, Long> tierStateCounts = new HashMap<>();
    private final Map<GatewayId, java.util.TreeSet<DeviceId>> devicesByGateway = new HashMap<>();
    // passes
    private final Map<String, InstallPass> passes = new HashMap<>();
    private final Map<ByteBuffer, String> passesByHash = new HashMap<>();
    // fleet
    private final TreeMap<GatewayId, Gateway> gateways = new TreeMap<>();
    private final Map<ByteBuffer, GatewayId> gatewaysByToken = new HashMap<>();
    private final Map<ByteBuffer, GatewayId> gatewaysByCredential = new HashMap<>();
    private final Map<WireGuardKey, GatewayId> gatewaysByKey = new HashMap<>();
    private final Map<FrontDoorId, GatewayId> frontDoorOwners = new HashMap<>();
    private final TreeMap<EgressPoolId, EgressPool> egressPools = new TreeMap<>();
    private final TreeMap<AccessTierId, AccessTier> tiers = new TreeMap<>();
    // addresses: pool -> offset -> lease; plus a per-pool lower bound below which all offsets are taken
    private final Map<String, TreeMap<Long, Lease>> leases = new HashMap<>();
    private final Map<String, Long> freeHint = new HashMap<>();
    // pool -> allocation cursor: no lease was ever handed out at or above it (see reserveBlock)
    private final Map<String, Long> cursors = new HashMap<>();
    // usage
    private final Set<String> appliedReports = new HashSet<>();
    private final Map<String, UsageRepository.CounterSnapshot> counters = new HashMap<>();
    // audit
    private final TreeMap<Long, AuditEvent> audit = new TreeMap<>();
    private long auditSequence;
    // publications and keys
    private final Map<String, TreeMap<Long, Publication>> publications = new HashMap<>();
    private final Map<String, PublishedKey> keys = new HashMap<>();
    // admission history: the newest snapshot per gateway, and its steps by serial
    private final Map<GatewayId, AdmissionSnapshot> admissionLatest = new HashMap<>();
    private final Map<GatewayId, TreeMap<Long, AdmissionStep>> admissionSteps = new HashMap<>();
    private final Map<String, AdminToken> adminTokens = new HashMap<>();
    private final Map<String, JobLease> jobLeases = new HashMap<>();
    // queued client reports by arrival number
    private final TreeMap<Long, dev.damm.core.score.ClientReport> reportQueue = new TreeMap<>();
    private long reportSeq;

    private record Lease(DeviceId device, Instant releasedAt) {}

    public InMemoryStore() {
        this.tx = new Tx();
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        if (closed) {
            throw new DammException(ErrorCode.INTERNAL, "store: closed");
        }
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                // Nested call from inside work: join the outer transaction.
                return work.apply(tx);
            }
            undo.clear();
            try {
                T result = work.apply(tx);
                undo.clear();
                return result;
            } catch (RuntimeException | Error e) {
                for (int i = undo.size() - 1; i >= 0; i--) {
                    undo.get(i).run();
                }
                undo.clear();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private static ByteBuffer key(byte[] hash) {
        return ByteBuffer.wrap(hash.clone());
    }

    private <K, V> void put(Map<K, V> map, K k, V v) {
        V old = map.put(k, v);
        undo.add(old == null ? () -> map.remove(k) : () -> map.put(k, old));
    }

    private <K, V> void remove(Map<K, V> map, K k) {
        V old = map.remove(k);
        if (old != null) {
            undo.add(() -> map.put(k, old));
        }
    }

    private static DammException conflict(String what) {
        return new DammException(ErrorCode.CONFLICT, what);
    }

    private static DammException notFound(String what) {
        return new DammException(ErrorCode.NOT_FOUND, what);
    }

    private final class Tx implements StoreTransaction {
        private final Devices devices = new Devices();
        private final Passes passes = new Passes();
        private final Gateways gateways = new Gateways();
        private final Egress egress = new Egress();
        private final Tiers tiers = new Tiers();
        private final Leases leases = new Leases();
        private final Usage usage = new Usage();
        private final Audit audit = new Audit();
        private final Pubs pubs = new Pubs();
        private final Keys keys = new Keys();
        private final History history = new History();
        private final AdminTokens adminTokens = new AdminTokens();
        private final JobLeases jobLeases = new JobLeases();
        private final Reports reports = new Reports();

        @Override public DeviceRepository devices() { return devices; }
        @Override public InstallPassRepository installPasses() { return passes; }
        @Override public GatewayRepository gateways() { return gateways; }
        @Override public EgressPoolRepository egressPools() { return egress; }
        @Override public AccessTierRepository accessTiers() { return tiers; }
        @Override public AddressLeaseRepository addressLeases() { return leases; }
        @Override public UsageRepository usage() { return usage; }
        @Override public AuditRepository audit() { return audit; }
        @Override public PublicationRepository publications() { return pubs; }
        @Override public PublishedKeyRepository keys() { return keys; }
        @Override public AdmissionHistoryRepository admissionHistory() { return history; }
        @Override public AdminTokenRepository adminTokens() { return adminTokens; }
        @Override public JobLeaseRepository jobLeases() { return jobLeases; }
        @Override public ReportQueueRepository reportQueue() { return reports; }
    }

    private final class Devices implements DeviceRepository {
        @Override
        public void insert(Device d) {
            if (devices.containsKey(d.id())) throw conflict("device.id: " + d.id() + " exists");
            if (devicesByKey.containsKey(d.publicKey())) throw conflict("device.publicKey: already enrolled");
            ByteBuffer cred = key(d.credentialHash());
            if (devicesByCredential.containsKey(cred)) throw conflict("device.credentialHash: exists");
            put(devices, d.id(), d);
            put(devicesByKey, d.publicKey(), d.id());
            put(devicesByCredential, cred, d.id());
            countTierState(d, +1);
            indexByGateway(d, true);
        }

        @Override
        public void update(Device d) {
            Device old = devices.get(d.id());
            if (old == null) throw notFound("device.id: " + d.id() + " not found");
            DeviceId keyOwner = devicesByKey.get(d.publicKey());
            if (keyOwner != null && !keyOwner.equals(d.id())) throw conflict("device.publicKey: already enrolled");
            ByteBuffer newCred = key(d.credentialHash());
            DeviceId credOwner = devicesByCredential.get(newCred);
            if (credOwner != null && !credOwner.equals(d.id())) throw conflict("device.credentialHash: exists");
            remove(devicesByKey, old.publicKey());
            remove(devicesByCredential, key(old.credentialHash()));
            countTierState(old, -1);
            indexByGateway(old, false);
            put(devices, d.id(), d);
            put(devicesByKey, d.publicKey(), d.id());
            put(devicesByCredential, newCred, d.id());
            countTierState(d, +1);
            indexByGateway(d, true);
        }

        private void countTierState(Device d, long delta) {
            String k = d.tierId().value() + "|" + d.state();
            put(tierStateCounts, k, tierStateCounts.getOrDefault(k, 0L) + delta);
        }

        private void indexByGateway(Device d, boolean add) {
            java.util.TreeSet<DeviceId> set = devicesByGateway.computeIfAbsent(d.gatewayId(), g -> new java.util.TreeSet<>());
            if (add ? set.add(d.id()) : set.remove(d.id())) {
                undo.add(add ? () -> set.remove(d.id()) : () -> set.add(d.id()));
            }
        }

        @Override
        public Optional<Device> find(DeviceId id) {
            return Optional.ofNullable(devices.get(id));
        }

        @Override
        public Optional<Device> findByPublicKey(WireGuardKey publicKey) {
            return Optional.ofNullable(devicesByKey.get(publicKey)).map(devices::get);
        }

        @Override
        public Optional<Device> findByCredentialHash(byte[] credentialHash) {
            return Optional.ofNullable(devicesByCredential.get(ByteBuffer.wrap(credentialHash))).map(devices::get);
        }

        @Override
        public List<Device> listByGateway(GatewayId gateway, DeviceState state) {
            return devicesByGateway.getOrDefault(gateway, new java.util.TreeSet<>()).stream().map(devices::get)
                    .filter(d -> d.state() == state).toList();
        }

        @Override
        public long countByTier(AccessTierId tier, DeviceState state) {
            return tierStateCounts.getOrDefault(tier.value() + "|" + state, 0L);
        }

        @Override
        public long count() {
            return devices.size();
        }
    }

    private final class Passes implements InstallPassRepository {
        @Override
        public void insert(InstallPass p) {
            if (passes.containsKey(p.id())) throw conflict("installPass.id: " + p.id() + " exists");
            ByteBuffer h = key(p.secretHash());
            if (passesByHash.containsKey(h)) throw conflict("installPass.secretHash: exists");
            put(passes, p.id(), p);
            put(passesByHash, h, p.id());
        }

        @Override
        public Optional<InstallPass> findBySecretHash(byte[] secretHash) {
            return Optional.ofNullable(passesByHash.get(ByteBuffer.wrap(secretHash))).map(passes::get);
        }

        @Override
        public Optional<InstallPass> find(String id) {
            return Optional.ofNullable(passes.get(id));
        }

        @Override
        public boolean markUsed(String id, DeviceId device, Instant at) {
            InstallPass p = passes.get(id);
            if (p == null || p.isUsed()) {
                return false;
            }
            put(passes, id, new InstallPass(p.id(), p.secretHash(), p.tierId(), p.createdAt(), p.expiresAt(), p.createdBy(),
                    Optional.of(at), Optional.of(device)));
            return true;
        }

        @Override
        public int deleteExpiredUnused(Instant before, int limit) {
            dev.damm.spi.Require.nonNull("before", before);
            dev.damm.spi.Require.range("limit", limit, 1, 1_000_000);
            List<InstallPass> gone = passes.values().stream().filter(p -> !p.isUsed() && p.expiresAt().isBefore(before))
                    .sorted(java.util.Comparator.comparing(InstallPass::expiresAt).thenComparing(InstallPass::id)).limit(limit).toList();
            for (InstallPass p : gone) {
                remove(passes, p.id());
                remove(passesByHash, key(p.secretHash()));
            }
            return gone.size();
        }
    }

    private final class Gateways implements GatewayRepository {
        @Override
        public void insert(Gateway g) {
            if (gateways.containsKey(g.id())) throw conflict("gateway.id: " + g.id() + " exists");
            checkGatewayUniques(g, null);
            indexGateway(g);
            put(gateways, g.id(), g);
        }

        @Override
        public void update(Gateway g) {
            Gateway old = gateways.get(g.id());
            if (old == null) throw notFound("gateway.id: " + g.id() + " not found");
            checkGatewayUniques(g, g.id());
            remove(gatewaysByToken, key(old.tokenHash()));
            old.credentialHash().ifPresent(c -> remove(gatewaysByCredential, key(c)));
            old.publicKey().ifPresent(k -> remove(gatewaysByKey, k));
            for (FrontDoor fd : old.frontDoors()) remove(frontDoorOwners, fd.id());
            indexGateway(g);
            put(gateways, g.id(), g);
        }

        private void checkGatewayUniques(Gateway g, GatewayId self) {
            GatewayId t = gatewaysByToken.get(ByteBuffer.wrap(g.tokenHash()));
            if (t != null && !t.equals(self)) throw conflict("gateway.tokenHash: exists");
            if (g.credentialHash().isPresent()) {
                GatewayId c = gatewaysByCredential.get(ByteBuffer.wrap(g.credentialHash().get()));
                if (c != null && !c.equals(self)) throw conflict("gateway.credentialHash: exists");
            }
            if (g.publicKey().isPresent()) {
                GatewayId k = gatewaysByKey.get(g.publicKey().get());
                if (k != null && !k.equals(self)) throw conflict("gateway.publicKey: registered by another gateway");
            }
            for (FrontDoor fd : g.frontDoors()) {
                GatewayId owner = frontDoorOwners.get(fd.id());
                if (owner != null && !owner.equals(self)) throw conflict("frontDoor.id: " + fd.id() + " belongs to another gateway");
            }
        }

        private void indexGateway(Gateway g) {
            put(gatewaysByToken, key(g.tokenHash()), g.id());
            g.credentialHash().ifPresent(c -> put(gatewaysByCredential, key(c), g.id()));
            g.publicKey().ifPresent(k -> put(gatewaysByKey, k, g.id()));
            for (FrontDoor fd : g.frontDoors()) put(frontDoorOwners, fd.id(), g.id());
        }

        @Override
        public Optional<Gateway> find(GatewayId id) {
            return Optional.ofNullable(gateways.get(id));
        }

        @Override
        public Optional<Gateway> findByTokenHash(byte[] tokenHash) {
            return Optional.ofNullable(gatewaysByToken.get(ByteBuffer.wrap(tokenHash))).map(gateways::get);
        }

        @Override
        public Optional<Gateway> findByCredentialHash(byte[] credentialHash) {
            return Optional.ofNullable(gatewaysByCredential.get(ByteBuffer.wrap(credentialHash))).map(gateways::get);
        }

        @Override
        public List<Gateway> list() {
            return List.copyOf(gateways.values());
        }
    }

    private final class Egress implements EgressPoolRepository {
        @Override
        public void insert(EgressPool p) {
            if (egressPools.containsKey(p.id())) throw conflict("egressPool.id: " + p.id() + " exists");
            put(egressPools, p.id(), p);
        }

        @Override
        public void update(EgressPool p) {
            if (!egressPools.containsKey(p.id())) throw notFound("egressPool.id: " + p.id() + " not found");
            put(egressPools, p.id(), p);
        }

        @Override
        public Optional<EgressPool> find(EgressPoolId id) {
            return Optional.ofNullable(egressPools.get(id));
        }


        @Override
        public List<EgressPool> list() {
            return List.copyOf(egressPools.values());
        }
    }

    private final class Tiers implements AccessTierRepository {
        @Override
        public void insert(AccessTier t) {
            if (tiers.containsKey(t.id())) throw conflict("accessTier.id: " + t.id() + " exists");
            put(tiers, t.id(), t);
        }

        @Override
        public void update(AccessTier t) {
            if (!tiers.containsKey(t.id())) throw notFound("accessTier.id: " + t.id() + " not found");
            put(tiers, t.id(), t);
        }

        @Override
        public Optional<AccessTier> find(AccessTierId id) {
            return Optional.ofNullable(tiers.get(id));
        }

        @Override
        public Optional<AccessTier> findLocked(AccessTierId id) {
            return find(id); // transactions run one at a time: the store's lock is every row's
        }

        @Override
        public List<AccessTier> list() {
            return List.copyOf(tiers.values());
        }
    }

    private final class Leases implements AddressLeaseRepository {
        private boolean isFree(Lease l, Instant reusableBefore) {
            return l == null || (l.releasedAt() != null && !l.releasedAt().isAfter(reusableBefore));
        }

        @Override
        public OptionalLong lowestFreeOffset(String poolId, long first, long last, Instant reusableBefore) {
            TreeMap<Long, Lease> pool = leases.getOrDefault(poolId, new TreeMap<>());
            long candidate = Math.max(first, freeHint.getOrDefault(poolId + "@" + first, first));
            Iterator<Map.Entry<Long, Lease>> it = pool.tailMap(candidate, true).entrySet().iterator();
            long hint = -1; // the hint must not pass a quarantined lease: it becomes free with time alone
            while (candidate <= last) {
                if (!it.hasNext()) {
                    break;
                }
                Map.Entry<Long, Lease> e = it.next();
                if (e.getKey() > candidate) {
                    break; // a gap: candidate has no lease
                }
                if (isFree(e.getValue(), reusableBefore)) {
                    break;
                }
                if (hint < 0 && e.getValue().releasedAt() != null) hint = candidate;
                candidate++;
            }
            if (candidate > last) {
                return OptionalLong.empty();
            }
            freeHint.put(poolId + "@" + first, hint < 0 ? candidate : hint);
            return OptionalLong.of(candidate);
        }

        @Override
        public boolean isFree(String poolId, long offset, Instant reusableBefore) {
            TreeMap<Long, Lease> pool = leases.get(poolId);
            return isFree(pool == null ? null : pool.get(offset), reusableBefore);
        }

        @Override
        public boolean claim(String poolId, long offset, DeviceId device, Instant now, Instant reusableBefore) {
            TreeMap<Long, Lease> pool = leases.computeIfAbsent(poolId, k -> new TreeMap<>());
            if (!isFree(pool.get(offset), reusableBefore)) {
                return false;
            }
            put(pool, offset, new Lease(device, null));
            return true;
        }

        @Override
        public OptionalLong reserveBlock(String poolId, long first, long last, int size) {
            if (size < 1) {
                throw DammException.invalid("size", "must be positive, was " + size);
            }
            Long cursor = cursors.get(poolId);
            long start;
            if (cursor == null) {
                TreeMap<Long, Lease> pool = leases.get(poolId);
                Map.Entry<Long, Lease> highest = pool == null ? null : pool.floorEntry(last);
                start = highest == null || highest.getKey() < first ? first : highest.getKey() + 1;
            } else {
                start = Math.max(cursor, first);
            }
            if (start > last) {
                return OptionalLong.empty();
            }
            put(cursors, poolId, (start > last - (size - 1) ? last : start + size - 1) + 1);
            return OptionalLong.of(start);
        }

        @Override
        public void release(String poolId, long offset, DeviceId device, Instant at) {
            TreeMap<Long, Lease> pool = leases.get(poolId);
            Lease l = pool == null ? null : pool.get(offset);
            if (l == null || l.releasedAt() != null || !l.device().equals(device)) {
                return;
            }
            put(pool, offset, new Lease(device, at));
            // The offset becomes reusable after quarantine: lower every hint for this pool.
            freeHint.replaceAll((k, v) -> k.startsWith(poolId + "@") ? Math.min(v, offset) : v);
        }

        @Override
        public long countTaken(String poolId, Instant reusableBefore) {
            TreeMap<Long, Lease> pool = leases.get(poolId);
            return pool == null ? 0 : pool.values().stream().filter(l -> !isFree(l, reusableBefore)).count();
        }
    }

    private final class Usage implements UsageRepository {
        @Override
        public boolean markReportApplied(String reportId, GatewayId gateway, Instant at) {
            String k = gateway.value() + "/" + reportId;
            if (appliedReports.contains(k)) {
                return false;
            }
            appliedReports.add(k);
            undo.add(() -> appliedReports.remove(k));
            return true;
        }

        @Override
        public Optional<CounterSnapshot> lastCounters(DeviceId device, GatewayId gateway) {
            return Optional.ofNullable(counters.get(device.value() + "/" + gateway.value()));
        }

        @Override
        public void saveCounters(DeviceId device, GatewayId gateway, CounterSnapshot c) {
            put(counters, device.value() + "/" + gateway.value(), c);
        }
    }

    private final class Audit implements AuditRepository {
        @Override
        public long append(AuditEvent event) {
            long seq = ++auditSequence;
            undo.add(() -> auditSequence--);
            put(audit, seq, event.withSequence(seq));
            return seq;
        }

        @Override
        public List<AuditEvent> list(long afterSequence, int limit) {
            return audit.tailMap(afterSequence, false).values().stream().limit(Math.max(0, limit)).toList();
        }

        @Override
        public List<AuditEvent> listByTarget(String target, int limit) {
            return audit.values().stream().filter(e -> e.target().equals(target)).limit(Math.max(0, limit)).toList();
        }

        @Override
        public long deleteBefore(Instant cutoff) {
            List<Long> doomed = audit.values().stream().filter(e -> e.at().isBefore(cutoff)).map(AuditEvent::sequence).toList();
            doomed.forEach(s -> remove(audit, s));
            return doomed.size();
        }
    }

    private final class Pubs implements PublicationRepository {
        @Override
        public OptionalLong lastSerial(String kind, String scope) {
            TreeMap<Long, Publication> m = publications.get(kind + "|" + scope);
            return m == null || m.isEmpty() ? OptionalLong.empty() : OptionalLong.of(m.lastKey());
        }

        @Override
        public void record(Publication p) {
            OptionalLong last = lastSerial(p.kind(), p.scope());
            if (last.isPresent() && p.serial() <= last.getAsLong()) {
                throw conflict("publication.serial: " + p.serial() + " is not above " + last.getAsLong() + " for " + p.kind() + "/" + p.scope());
            }
            TreeMap<Long, Publication> m = publications.computeIfAbsent(p.kind() + "|" + p.scope(), k -> new TreeMap<>());
            put(m, p.serial(), p);
        }

        @Override
        public List<Publication> recent(String kind, String scope, int limit) {
            TreeMap<Long, Publication> m = publications.get(kind + "|" + scope);
            return m == null ? List.of() : m.descendingMap().values().stream().limit(Math.max(0, limit)).toList();
        }
    }

    private final class Keys implements PublishedKeyRepository {
        @Override
        public Optional<PublishedKey> find(String keyId) {
            return Optional.ofNullable(keys.get(keyId));
        }

        @Override
        public void insert(PublishedKey k) {
            if (keys.containsKey(k.keyId())) throw conflict("key.keyId: " + k.keyId() + " exists");
            put(keys, k.keyId(), k);
        }

        @Override
        public void retire(String keyId, Instant at) {
            PublishedKey k = keys.get(keyId);
            if (k == null) throw notFound("key.keyId: " + keyId + " not found");
            put(keys, keyId, new PublishedKey(k.keyId(), k.purpose(), k.publicKey(), k.createdAt(), Optional.of(at)));
        }

        @Override
        public List<PublishedKey> list(String purpose) {
            return keys.values().stream().filter(k -> k.purpose().equals(purpose))
                    .sorted(java.util.Comparator.comparing(PublishedKey::createdAt).thenComparing(PublishedKey::keyId)).toList();
        }
    
    }

    private final class History implements AdmissionHistoryRepository {
        @Override
        public Optional<AdmissionSnapshot> latest(GatewayId gatewayId) {
            return Optional.ofNullable(admissionLatest.get(gatewayId));
        }

        @Override
        public OptionalLong latestSerial(GatewayId gatewayId) {
            AdmissionSnapshot s = admissionLatest.get(gatewayId);
            return s == null ? OptionalLong.empty() : OptionalLong.of(s.serial());
        }

        @Override
        public void record(AdmissionSnapshot snapshot, Optional<AdmissionStep> step, int retain) {
            if (retain < 1) throw DammException.invalid("retain", "must be at least 1, was " + retain);
            step.ifPresent(st -> {
                if (!st.gatewayId().equals(snapshot.gatewayId()) || st.serial() != snapshot.serial()) {
                    throw DammException.invalid("step", "must end at the snapshot's gateway and serial");
                }
            });
            AdmissionSnapshot old = admissionLatest.get(snapshot.gatewayId());
            if (old != null && snapshot.serial() <= old.serial()) {
                throw conflict("snapshot.serial: " + snapshot.serial() + " is not above " + old.serial() + " for " + snapshot.gatewayId());
            }
            put(admissionLatest, snapshot.gatewayId(), snapshot);
            TreeMap<Long, AdmissionStep> steps = admissionSteps.computeIfAbsent(snapshot.gatewayId(), g -> new TreeMap<>());
            step.ifPresent(st -> put(steps, st.serial(), st));
            long keepAbove = snapshot.serial() - retain;
            for (Long serial : List.copyOf(steps.headMap(keepAbove, true).keySet())) {
                remove(steps, serial);
            }
        }

        @Override
        public List<AdmissionStep> stepsAfter(GatewayId gatewayId, long afterSerial, int limit) {
            TreeMap<Long, AdmissionStep> steps = admissionSteps.get(gatewayId);
            return steps == null ? List.of() : steps.tailMap(afterSerial, false).values().stream().limit(Math.max(0, limit)).toList();
        }
    }

    private final class AdminTokens implements AdminTokenRepository {
        @Override
        public void insert(AdminToken t) {
            if (adminTokens.containsKey(t.id())) throw conflict("adminToken.id: " + t.id() + " exists");
            put(adminTokens, t.id(), t);
        }

        @Override
        public Optional<AdminToken> find(String id) {
            return Optional.ofNullable(adminTokens.get(id));
        }

        @Override
        public void revoke(String id, Instant at) {
            AdminToken t = adminTokens.get(id);
            if (t == null) throw notFound("adminToken.id: " + id + " not found");
            put(adminTokens, id, new AdminToken(t.id(), t.scope(), t.secretHash(), t.createdAt(), t.createdBy(), Optional.of(at)));
        }

        @Override
        public List<AdminToken> list() {
            return adminTokens.values().stream()
                    .sorted(java.util.Comparator.comparing(AdminToken::createdAt).thenComparing(AdminToken::id)).toList();
        }

        @Override
        public long count() {
            return adminTokens.size();
        }
    }

    private final class JobLeases implements JobLeaseRepository {
        @Override
        public boolean acquire(String job, String holder, Instant now, Instant until) {
            JobLease wanted = new JobLease(job, holder, until);
            dev.damm.spi.Require.nonNull("now", now);
            JobLease held = jobLeases.get(job);
            if (held != null && !held.holder().equals(holder) && now.isBefore(held.expiresAt())) {
                return false;
            }
            put(jobLeases, job, wanted);
            return true;
        }

        @Override
        public void release(String job, String holder) {
            JobLease held = jobLeases.get(job);
            if (held != null && held.holder().equals(holder)) {
                remove(jobLeases, job);
            }
        }

        @Override
        public Optional<JobLease> find(String job) {
            return Optional.ofNullable(jobLeases.get(job));
        }

        @Override
        public List<JobLease> list() {
            return jobLeases.values().stream().sorted(java.util.Comparator.comparing(JobLease::job)).toList();
        }
    }

    private final class Reports implements ReportQueueRepository {
        @Override
        public void append(List<dev.damm.core.score.ClientReport> reports) {
            for (dev.damm.core.score.ClientReport r : dev.damm.spi.Require.nonNull("reports", reports)) {
                dev.damm.spi.Require.nonNull("report", r);
                long n = ++reportSeq;
                undo.add(() -> reportSeq--);
                put(reportQueue, n, r);
            }
        }

        @Override
        public List<dev.damm.core.score.ClientReport> take(int max) {
            dev.damm.spi.Require.range("max", max, 1, 1_000_000);
            List<dev.damm.core.score.ClientReport> out = new ArrayList<>();
            while (out.size() < max && !reportQueue.isEmpty()) {
                Map.Entry<Long, dev.damm.core.score.ClientReport> first = reportQueue.firstEntry();
                out.add(first.getValue());
                remove(reportQueue, first.getKey());
            }
            return out;
        }

        @Override
        public long size() {
            return reportQueue.size();
        }
    }
}
