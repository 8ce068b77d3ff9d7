import io.clipizy.testing.KafkaResource;

/**
 * A single-node Kafka (KRaft) with every Clipizy topic, for the P7 run: the same broker the tests use
 * (deploy/test-infra), in its own JVM, so the gateway's outbox relay publishes for real during the benchmark. Prints
 * {@code BOOTSTRAP=host:port} when ready and runs until killed.
 */
public class BenchKafka {
    public static void main(String[] args) throws Exception {
        KafkaResource kafka = new KafkaResource();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
        System.out.println("BOOTSTRAP=" + KafkaResource.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
