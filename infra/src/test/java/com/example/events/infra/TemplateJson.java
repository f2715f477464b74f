package com.example.events.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * Plain-Java walking of synthesized templates, for checks the Match DSL cannot express.
 */
final class TemplateJson {

    private TemplateJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Action, Resource and friends are a string or a list of them. */
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> values) {
            return new ArrayList<>(values);
        }
        return List.of(value);
    }

    static Set<String> strings(Object value) {
        Set<String> result = new TreeSet<>();
        for (Object item : list(value)) {
            result.add(String.valueOf(item));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        Map<String, Object> all = map(template.toJSON().get("Resources"));
        all.forEach((id, resource) -> {
            Map<String, Object> r = (Map<String, Object>) resource;
            if (type.equals(r.get("Type"))) {
                result.put(id, r);
            }
        });
        return result;
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : map(properties);
    }

    /** The one resource of that type; fails when there are none or several. */
    static Map<String, Object> only(Template template, String type) {
        Map<String, Map<String, Object>> found = resources(template, type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return Stack.of(construct)
            .getLogicalId((CfnElement) Objects.requireNonNull(element, "no CFN resource under " + construct));
    }

    /**
     * Whether a value (a Ref, GetAtt, ImportValue, Join ...) points at the given
     * resource: intrinsic functions name the logical id, and an export name for a
     * cross-stack reference contains it as well.
     */
    static boolean refersTo(Object value, String logicalId) {
        return String.valueOf(value).contains(logicalId);
    }

    /**
     * Statements of every policy attached to the role (inline, or AWS::IAM::Policy naming
     * it).
     */
    static List<Map<String, Object>> statementsOfRole(Template template, String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = resources(template, "AWS::IAM::Role").get(roleLogicalId);
        if (role == null) {
            throw new AssertionError("no role " + roleLogicalId);
        }
        for (Object inline : list(properties(role).get("Policies"))) {
            statements.addAll(statements(map(inline).get("PolicyDocument")));
        }
        for (Map<String, Object> policy : resources(template, "AWS::IAM::Policy").values()) {
            boolean attached = list(properties(policy).get("Roles")).stream().anyMatch(r -> refersTo(r, roleLogicalId));
            if (attached) {
                statements.addAll(statements(properties(policy).get("PolicyDocument")));
            }
        }
        return statements;
    }

    static List<Map<String, Object>> statements(Object policyDocument) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object statement : list(map(policyDocument).get("Statement"))) {
            result.add(map(statement));
        }
        return result;
    }

    /** Name to value of a container definition's Environment or Secrets list. */
    static Map<String, Object> namedValues(Object entries, String valueKey) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Object entry : list(entries)) {
            result.put(String.valueOf(map(entry).get("Name")), map(entry).get(valueKey));
        }
        return result;
    }

    /** The container of that name in the stack's task definitions; fails unless one. */
    static Map<String, Object> container(Template template, String name) {
        List<Map<String, Object>> found = resources(template, "AWS::ECS::TaskDefinition").values()
            .stream()
            .flatMap(taskDefinition -> list(properties(taskDefinition).get("ContainerDefinitions")).stream())
            .map(TemplateJson::map)
            .filter(container -> name.equals(container.get("Name")))
            .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one container " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Every resource of the template, by logical id. */
    static Map<String, Map<String, Object>> allResources(Template template) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        map(template.toJSON().get("Resources")).forEach((id, resource) -> result.put(id, map(resource)));
        return result;
    }

    static int intValue(Object number) {
        if (number instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(String.valueOf(number));
    }

}
