package io.clipizy.workflow.processor;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every processor and util node implementation, by catalogue name. */
@ApplicationScoped
public class Processors {
    private final Map<String, Processor> byName;

    public Processors() {
        List<Processor> all = new ArrayList<>(List.of(new ScenePlan(), new TimelineBuilder(), new PromptTemplate(),
                new CaptionLines(), new AnalysisReport(), new SocialCopy(), new Format(), new BatchSummary()));
        all.addAll(Utils.all());
        byName = all.stream().collect(Collectors.toUnmodifiableMap(Processor::name, Function.identity()));
    }

    public Processor get(String name) {
        return byName.get(name);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }
}
