<%--
  Tomcat's own figures in the Prometheus text exposition format (0.0.4), installed by webtier.tomcat_cluster.tomcat
  as <CATALINA_BASE>/webapps/webtier-status/status.jsp. The context's META-INF/context.xml lets only loopback
  clients in; httpd does not forward /webtier-status/ (JkUnMount), so it is read over AJP with the secret
  (module webtier.tomcat_cluster.tomcat_status_info) or from the host itself.

  Everything comes from the platform MBeanServer, where Tomcat registers its MBeans: the Engine and Host that serve
  this page (ServletContext.getVirtualServerName() is "<Engine>/<Host>"; the Engine's name is its MBean domain), their
  session managers, thread pools and cluster, and the JVM. Each MBean is read on its own: a missing one leaves its
  series out, a failing one adds 1 to tomcat_status_errors_total; the page never fails because of one of them.
  The metrics are documented in the collection's docs/metrics.md. Plain Java 8 and javax.management only, so the
  same page compiles on Tomcat 9.0 (javax.servlet) and 10.1 (jakarta.servlet).
--%><%@ page session="false" trimDirectiveWhitespaces="true"
    import="java.lang.management.ManagementFactory,java.util.*,java.util.concurrent.atomic.AtomicLong,javax.management.*,javax.management.openmbean.CompositeData"
%><%!
    // Errors since this page was loaded (a counter: it only grows while the webapp runs).
    private static final AtomicLong ERRORS = new AtomicLong();

    private static final class Exposition {
        final Map<String, String[]> meta = new LinkedHashMap<String, String[]>();
        final Map<String, StringBuilder> samples = new LinkedHashMap<String, StringBuilder>();

        void family(String name, String type, String help) {
            if (!meta.containsKey(name)) {
                meta.put(name, new String[] {type, help});
                samples.put(name, new StringBuilder());
            }
        }

        /** labels: name, value, name, value, ... */
        void sample(String name, String value, String... labels) {
            StringBuilder sb = samples.get(name);
            sb.append(name);
            if (labels.length > 0) {
                sb.append('{');
                for (int i = 0; i + 1 < labels.length; i += 2) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
                }
                sb.append('}');
            }
            sb.append(' ').append(value).append('\n');
        }

        String render() {
            StringBuilder out = new StringBuilder(4096);
            for (Map.Entry<String, String[]> e : meta.entrySet()) {
                String body = samples.get(e.getKey()).toString();
                if (body.isEmpty()) {
                    continue;
                }
                out.append("# HELP ").append(e.getKey()).append(' ').append(escapeHelp(e.getValue()[1])).append('\n');
                out.append("# TYPE ").append(e.getKey()).append(' ').append(e.getValue()[0]).append('\n');
                out.append(body);
            }
            return out.toString();
        }
    }

    private static String escapeLabel(String v) {
        if (v == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String number(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
            return Double.toString(d);
        }
        if (v instanceof Number) {
            return Long.toString(((Number) v).longValue());
        }
        if (v instanceof Boolean) {
            return ((Boolean) v).booleanValue() ? "1" : "0";
        }
        throw new IllegalArgumentException("not a number: " + v);
    }

    private static String unquote(String v) {
        if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            try {
                return ObjectName.unquote(v);
            } catch (IllegalArgumentException e) {
                return v;
            }
        }
        return v;
    }

    private static Set<ObjectName> query(MBeanServer server, String pattern) throws JMException {
        return new TreeSet<ObjectName>(server.queryNames(new ObjectName(pattern), null));
    }

    private static void error() {
        ERRORS.incrementAndGet();
    }
%><%
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Exposition figures = new Exposition();
    figures.family("tomcat_up", "gauge", "1 when the status page was served.");
    figures.family("tomcat_info", "gauge", "The Engine's jvmRoute and Tomcat's server info, as labels; the value is 1.");
    figures.family("tomcat_sessions_active", "gauge", "Sessions held by the context's manager (Manager activeSessions; with DeltaManager and BackupManager this includes the sessions replicated from other members).");
    figures.family("tomcat_sessions_route_active", "gauge", "Sessions of the context whose id ends with .<jvmRoute> of this instance (Manager listSessionIds): the sessions that stick to it.");
    figures.family("tomcat_sessions_max_active", "gauge", "Most sessions the context's manager held at once since its start (Manager maxActive).");
    figures.family("tomcat_sessions_created_total", "counter", "Sessions created (Manager sessionCounter; Tomcat 10.1 returns activeSessions + expiredSessions, replicated sessions included).");
    figures.family("tomcat_sessions_expired_total", "counter", "Sessions that expired or were invalidated (Manager expiredSessions).");
    figures.family("tomcat_sessions_rejected_total", "counter", "Sessions refused because maxActiveSessions was reached (Manager rejectedSessions).");
    figures.family("tomcat_session_manager_info", "gauge", "The class of the context's session manager, as the label manager; the value is 1.");
    figures.family("tomcat_sessions_backup_map_entries", "gauge", "BackupManager only: entries of the replicated session map, proxies included (Manager activeSessionsFull).");
    figures.family("tomcat_cluster_messages_sent_total", "counter", "DeltaManager only: session replication messages sent, by event (Manager counterSend_EVT_<event>).");
    figures.family("tomcat_cluster_messages_received_total", "counter", "DeltaManager only: session replication messages received, by event (Manager counterReceive_EVT_<event>).");
    figures.family("tomcat_cluster_state_transfers_failed_total", "counter", "DeltaManager only: session state transfers from another member that did not complete (Manager counterNoStateTransferred).");
    figures.family("tomcat_cluster_members", "gauge", "Other cluster members this instance's channel sees (GroupChannel Members).");
    figures.family("tomcat_threads_busy", "gauge", "Busy threads of a connector's thread pool (ThreadPool currentThreadsBusy).");
    figures.family("tomcat_threads_max", "gauge", "Maximum threads of a connector's thread pool (ThreadPool maxThreads).");
    figures.family("tomcat_threads_current", "gauge", "Threads a connector's thread pool has now (ThreadPool currentThreadCount).");
    figures.family("tomcat_jvm_heap_used_bytes", "gauge", "Heap in use (java.lang:type=Memory HeapMemoryUsage.used).");
    figures.family("tomcat_jvm_heap_committed_bytes", "gauge", "Heap committed (java.lang:type=Memory HeapMemoryUsage.committed).");
    figures.family("tomcat_jvm_heap_max_bytes", "gauge", "Largest heap the JVM may use (java.lang:type=Memory HeapMemoryUsage.max; left out when undefined).");
    figures.family("tomcat_jvm_uptime_seconds", "gauge", "Seconds since the JVM started (java.lang:type=Runtime Uptime).");
    figures.family("tomcat_status_errors_total", "counter", "MBeans the status page could not read since it was loaded.");

    String virtual = application.getVirtualServerName();
    int slash = virtual == null ? -1 : virtual.indexOf('/');
    String domain = slash > 0 ? virtual.substring(0, slash) : "Catalina";
    String hostName = slash > 0 ? virtual.substring(slash + 1) : "localhost";
    String quotedDomain = domain;
    if (!domain.matches("[A-Za-z0-9_.-]+")) {
        quotedDomain = null;   // a domain ObjectName cannot take as is: no Catalina MBeans
        error();
    }

    String jvmRoute = "";
    String serverInfo = "";
    if (quotedDomain != null) {
        try {
            Object v = server.getAttribute(new ObjectName(quotedDomain + ":type=Engine"), "jvmRoute");
            jvmRoute = v == null ? "" : v.toString();
        } catch (Exception e) {
            error();
        }
        try {
            for (ObjectName n : query(server, quotedDomain + ":type=Server")) {
                Object v = server.getAttribute(n, "serverInfo");
                serverInfo = v == null ? "" : v.toString();
            }
        } catch (Exception e) {
            error();
        }
    }
    if (serverInfo.isEmpty()) {
        serverInfo = application.getServerInfo();
    }
    figures.sample("tomcat_up", "1");
    figures.sample("tomcat_info", "1", "jvm_route", jvmRoute, "server_info", serverInfo);

    // session managers of the contexts of this Host
    Set<ObjectName> managers = new TreeSet<ObjectName>();
    if (quotedDomain != null) {
        try {
            managers = new TreeSet<ObjectName>();
            for (ObjectName n : query(server, quotedDomain + ":type=Manager,*")) {
                if (hostName.equals(unquote(n.getKeyProperty("host")))) {
                    managers.add(n);
                }
            }
        } catch (Exception e) {
            error();
        }
    }
    String suffix = "." + jvmRoute;
    for (ObjectName n : managers) {
        String context = unquote(n.getKeyProperty("context"));
        if (context == null || context.isEmpty()) {
            context = "/";
        }
        try {
            AttributeList list = server.getAttributes(n, new String[] {"activeSessions", "maxActive", "sessionCounter",
                    "expiredSessions", "rejectedSessions"});
            for (Attribute a : list.asList()) {
                String metric = null;
                if ("activeSessions".equals(a.getName())) {
                    metric = "tomcat_sessions_active";
                } else if ("maxActive".equals(a.getName())) {
                    metric = "tomcat_sessions_max_active";
                } else if ("sessionCounter".equals(a.getName())) {
                    metric = "tomcat_sessions_created_total";
                } else if ("expiredSessions".equals(a.getName())) {
                    metric = "tomcat_sessions_expired_total";
                } else if ("rejectedSessions".equals(a.getName())) {
                    metric = "tomcat_sessions_rejected_total";
                }
                if (metric != null && a.getValue() instanceof Number) {
                    figures.sample(metric, number(a.getValue()), "context", context);
                }
            }
        } catch (Exception e) {
            error();
        }
        if (!jvmRoute.isEmpty()) {
            try {
                Object ids = server.invoke(n, "listSessionIds", null, null);
                int count = 0;
                if (ids != null) {
                    for (String id : ids.toString().split(" ")) {
                        if (id.endsWith(suffix) && id.length() > suffix.length()) {
                            count++;
                        }
                    }
                }
                figures.sample("tomcat_sessions_route_active", Integer.toString(count), "context", context, "route", jvmRoute);
            } catch (Exception e) {
                error();
            }
        }
        try {
            MBeanInfo info = server.getMBeanInfo(n);
            String manager = null;
            List<String> counters = new ArrayList<String>();
            boolean backupMap = false;
            boolean noState = false;
            for (MBeanAttributeInfo ai : info.getAttributes()) {
                String name = ai.getName();
                if (name.startsWith("counterSend_EVT_") || name.startsWith("counterReceive_EVT_")) {
                    counters.add(name);
                } else if ("activeSessionsFull".equals(name)) {
                    backupMap = true;
                } else if ("counterNoStateTransferred".equals(name)) {
                    noState = true;
                }
            }
            try {
                Object v = server.getAttribute(n, "className");
                manager = v == null ? null : v.toString();
            } catch (Exception e) {
                Object v = server.getAttribute(n, "modelerType");
                manager = v == null ? null : v.toString();
            }
            if (manager != null) {
                figures.sample("tomcat_session_manager_info", "1", "context", context, "manager", manager);
            }
            Collections.sort(counters);
            if (!counters.isEmpty()) {
                AttributeList list = server.getAttributes(n, counters.toArray(new String[0]));
                for (Attribute a : list.asList()) {
                    if (!(a.getValue() instanceof Number)) {
                        continue;
                    }
                    boolean sent = a.getName().startsWith("counterSend_EVT_");
                    String event = a.getName().substring(sent ? 16 : 19).toLowerCase(Locale.ROOT);
                    figures.sample(sent ? "tomcat_cluster_messages_sent_total" : "tomcat_cluster_messages_received_total",
                            number(a.getValue()), "context", context, "event", event);
                }
                if (list.size() < counters.size()) {
                    error();
                }
            }
            if (noState) {
                figures.sample("tomcat_cluster_state_transfers_failed_total",
                        number(server.getAttribute(n, "counterNoStateTransferred")), "context", context);
            }
            if (backupMap) {
                figures.sample("tomcat_sessions_backup_map_entries", number(server.getAttribute(n, "activeSessionsFull")),
                        "context", context);
            }
        } catch (Exception e) {
            error();
        }
    }

    // the cluster of this Engine (type=Cluster) or Host (type=Cluster,host=...): the members its channel sees
    if (quotedDomain != null) {
        try {
            for (ObjectName n : query(server, quotedDomain + ":type=Cluster,*")) {
                if (n.getKeyProperty("component") != null) {
                    continue;
                }
                try {
                    Object clusterName = server.getAttribute(n, "clusterName");
                    String channel = clusterName + "-Channel";
                    Integer members = null;
                    for (ObjectName c : query(server, "*:type=Channel,component=Channel,*")) {
                        if (channel.equals(unquote(c.getKeyProperty("channel")))) {
                            Object m = server.getAttribute(c, "Members");
                            members = m instanceof Object[] ? ((Object[]) m).length : null;
                        }
                    }
                    if (members == null) {
                        // the channel's MBean is off (jmxEnabled="false"): the cluster registers one MBean per
                        // member it has seen join, the local member included
                        String where = n.getKeyProperty("host") == null ? "" : ",host=" + n.getKeyProperty("host");
                        int seen = query(server, quotedDomain + ":type=Cluster" + where + ",component=Member,*").size();
                        members = Math.max(0, seen - 1);
                    }
                    figures.sample("tomcat_cluster_members", members.toString(), "cluster", String.valueOf(clusterName));
                } catch (Exception e) {
                    error();
                }
            }
        } catch (Exception e) {
            error();
        }

        // connector thread pools
        try {
            for (ObjectName n : query(server, quotedDomain + ":type=ThreadPool,*")) {
                if (n.getKeyProperty("subType") != null) {
                    continue;
                }
                String name = unquote(n.getKeyProperty("name"));
                try {
                    AttributeList list = server.getAttributes(n, new String[] {"currentThreadsBusy", "maxThreads",
                            "currentThreadCount"});
                    for (Attribute a : list.asList()) {
                        if (!(a.getValue() instanceof Number)) {
                            continue;
                        }
                        String metric = "currentThreadsBusy".equals(a.getName()) ? "tomcat_threads_busy"
                                : "maxThreads".equals(a.getName()) ? "tomcat_threads_max" : "tomcat_threads_current";
                        figures.sample(metric, number(a.getValue()), "name", name);
                    }
                } catch (Exception e) {
                    error();
                }
            }
        } catch (Exception e) {
            error();
        }
    }

    // the JVM
    try {
        Object heap = server.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
        if (heap instanceof CompositeData) {
            CompositeData cd = (CompositeData) heap;
            figures.sample("tomcat_jvm_heap_used_bytes", number(cd.get("used")));
            figures.sample("tomcat_jvm_heap_committed_bytes", number(cd.get("committed")));
            Object max = cd.get("max");
            if (max instanceof Number && ((Number) max).longValue() >= 0) {
                figures.sample("tomcat_jvm_heap_max_bytes", number(max));
            }
        }
    } catch (Exception e) {
        error();
    }
    try {
        Object uptime = server.getAttribute(new ObjectName("java.lang:type=Runtime"), "Uptime");
        if (uptime instanceof Number) {
            figures.sample("tomcat_jvm_uptime_seconds", number(((Number) uptime).longValue() / 1000.0));
        }
    } catch (Exception e) {
        error();
    }
    figures.sample("tomcat_status_errors_total", Long.toString(ERRORS.get()));

    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    out.clear();
    out.write(figures.render());
%>
