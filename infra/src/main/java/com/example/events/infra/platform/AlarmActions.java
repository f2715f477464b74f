package com.example.events.infra.platform;

import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;

/** Every alarm tells the platform's alarm topic when it goes off and when it clears. */
public final class AlarmActions {

    private AlarmActions() {
    }

    public static Alarm notify(Alarm alarm, ITopic alarmTopic) {
        SnsAction action = new SnsAction(alarmTopic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        return alarm;
    }

}
